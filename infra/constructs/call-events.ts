import { Aws } from "aws-cdk-lib";
import * as appsync from "aws-cdk-lib/aws-appsync";
import type * as cognito from "aws-cdk-lib/aws-cognito";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { CALL_CHANNEL_PREFIX } from "#functions/realtime/call-publisher";

export interface CallEventsProps {
  /** The staff and device accounts: a screen subscribes with its own ID token. */
  readonly userPool: cognito.IUserPool;
}

/**
 * Subscribing needs a signed-in account of the channel's own facility (`/calls/f<code>`); the
 * functions publish with their role. Runs as AppSync Events' JavaScript handler.
 */
const SUBSCRIBE_HANDLER = `import { util } from "@aws-appsync/utils";
export function onSubscribe(ctx) {
  const claims = (ctx.identity && ctx.identity.claims) || {};
  const facility = claims["custom:facility"];
  if (!facility || ctx.info.channel.path !== "${CALL_CHANNEL_PREFIX}/f" + facility) {
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
      channelNamespaceName: CALL_CHANNEL_PREFIX.slice(1),
      code: appsync.Code.fromInline(SUBSCRIBE_HANDLER),
    });
  }

  /** Lets a function publish calls, and tells it where. */
  allowPublisher(grantee: IGrantable): Record<string, string> {
    this.api.grantPublish(grantee);
    return { CALL_CHANNEL: "appsync", CALL_EVENTS_HOST: this.api.httpDns };
  }
}
