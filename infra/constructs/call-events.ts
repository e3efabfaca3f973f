import { Aws } from "aws-cdk-lib";
import * as appsync from "aws-cdk-lib/aws-appsync";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { CALL_LISTENER_ROLES, CALL_NAMESPACE, EVENT_SOCKET_PATH } from "#domain/call-channel";

export interface CallEventsProps {
  /** The staff and device accounts: a screen subscribes with its own ID token. */
  readonly userPool: cognito.IUserPool;
}

/**
 * Subscribing needs the ID token of a display, room or reception account of the channel's own
 * facility (`/calls/f<code>`): a screen of one facility cannot subscribe to another's, and no
 * browser can publish (publishing is IAM only: the functions' role). Runs as AppSync Events'
 * JavaScript handler; the local server applies the same rule (infra/local/call-socket.ts).
 */
export const SUBSCRIBE_HANDLER = `import { util } from "@aws-appsync/utils";
const LISTENERS = ${JSON.stringify(CALL_LISTENER_ROLES)};
export function onSubscribe(ctx) {
  const claims = (ctx.identity && ctx.identity.claims) || {};
  const facility = claims["custom:facility"];
  const raw = claims["cognito:groups"];
  const groups = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  const listens = groups.some((group) => LISTENERS.includes(group));
  if (!listens || !facility || ctx.info.channel.path !== "/${CALL_NAMESPACE}/f" + facility) {
    util.unauthorized();
  }
}
`;

/**
 * The waiting room's real-time channel: AppSync Events carries each call to the facility's
 * displays and room pages over WebSockets, at about a tenth of a cent per screen-day (docs/scale.md).
 */
export class CallEvents extends Construct {
  readonly api: appsync.EventApi;

  constructor(scope: Construct, id: string, props: CallEventsProps) {
    super(scope, id);
    const userPool: appsync.AppSyncAuthProvider = {
      authorizationType: appsync.AppSyncAuthorizationType.USER_POOL,
      cognitoConfig: { userPool: props.userPool },
    };
    const iam: appsync.AppSyncAuthProvider = { authorizationType: appsync.AppSyncAuthorizationType.IAM };
    this.api = new appsync.EventApi(this, "api", {
      apiName: `tiepdon-calls-${Aws.STACK_NAME}`,
      authorizationConfig: {
        authProviders: [userPool, iam],
        connectionAuthModeTypes: [appsync.AppSyncAuthorizationType.USER_POOL],
        defaultPublishAuthModeTypes: [appsync.AppSyncAuthorizationType.IAM],
        defaultSubscribeAuthModeTypes: [appsync.AppSyncAuthorizationType.USER_POOL],
      },
    });
    this.api.addChannelNamespace("calls", {
      channelNamespaceName: CALL_NAMESPACE,
      code: appsync.Code.fromInline(SUBSCRIBE_HANDLER),
    });
  }

  /** Where the pages open their socket and which host they name in its authorization. */
  pageSettings(): Record<string, string> {
    return { callsUrl: `wss://${this.api.realtimeDns}${EVENT_SOCKET_PATH}`, callsHost: this.api.httpDns };
  }

  /** Lets a function publish calls, and tells it where. */
  allowPublisher(grantee: IGrantable): Record<string, string> {
    this.api.grantPublish(grantee);
    return { CALL_CHANNEL: "appsync", CALL_EVENTS_HOST: this.api.httpDns };
  }
}
