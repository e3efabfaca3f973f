import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { DEVICE_CLIENT_NAME } from "#domain/device-client";
import { ROLES } from "#domain/roles";
import { COGNITO_ADMIN_ACTIONS } from "#functions/admin/cognito-directory";
import { MFA_GATE_ACTIONS } from "#functions/mfa/token-mfa-gate";

export interface StaffSignInProps {
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** Where the hosted sign-in may send users back to: the site's pages. */
  readonly callbackUrls: readonly string[];
  /** Where the devices' client may send a kiosk or waiting-room screen back to: their pages only. */
  readonly deviceCallbackUrls: readonly string[];
  /**
   * Staff invitations through SES from this verified address, in `sesRegion`; without it Cognito's
   * own mailer sends them (a low daily quota, enough for a trial, not for a province's onboarding).
   */
  readonly ses?: { readonly fromEmail: string; readonly region: string };
}

/**
 * How long an enrolled kiosk or waiting-room screen stays signed in without anyone at it, as long
 * as it renews its ID token every hour: past this, staff enrol it again.
 */
const DEVICE_REFRESH_DAYS = 90;

/**
 * The Cognito user pool of the staff: one group per role, and the facility and province as custom
 * attributes, so ID tokens carry exactly the claims the local dev tokens carry (`cognito:groups`,
 * `custom:facility`, `custom:province`). Accounts are created by an administrator only.
 */
export class StaffSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The unattended devices' client: the same sign-in, a refresh token that lasts for weeks. */
  readonly deviceClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: StaffSignInProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, "pool", {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      customAttributes: {
        // Set by the administrator who creates the account; the app client cannot write them.
        facility: new cognito.StringAttribute({ minLen: 5, maxLen: 5, mutable: true }),
        province: new cognito.StringAttribute({ minLen: 3, maxLen: 3, mutable: true }),
        // The 12-digit ID number of a receptionist or room nurse: the gateway records the clerk.
        cccd: new cognito.StringAttribute({ minLen: 12, maxLen: 12, mutable: true }),
        // "true" marks a health-department or admin account as national; no province is never national.
        national: new cognito.StringAttribute({ minLen: 4, maxLen: 5, mutable: true }),
      },
      // Accounts an administrator creates with an e-mail address get this invitation, in Vietnamese.
      userInvitation: {
        emailSubject: "Tài khoản tiepdon của bạn",
        emailBody:
          "Xin chào, quản trị viên đã tạo tài khoản tiepdon cho bạn. Tên đăng nhập: {username}. Mật khẩu tạm: {####}. Hãy đăng nhập và đổi mật khẩu trong vòng 3 ngày.",
        smsMessage: "tiepdon: tên đăng nhập {username}, mật khẩu tạm {####}. Đổi mật khẩu khi đăng nhập.",
      },
      userVerification: {
        emailSubject: "Mã xác minh tiepdon",
        emailBody: "Mã xác minh tiepdon của bạn là {####}.",
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      ...(props.ses === undefined
        ? {}
        : {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: props.ses.fromEmail,
              fromName: "tiepdon",
              sesRegion: props.ses.region,
            }),
          }),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      this.userPool.addGroup(`group-${role}`, { groupName: role, description: `tiepdon ${role}` });
    }
    this.domain = this.userPool.addDomain("domain", {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
      .withCustomAttributes("facility", "province", "cccd", "national");
    const scopes = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE];
    // What both clients share: a public client, the code flow with PKCE through the hosted sign-in,
    // every attribute readable and none of the scope ones writable, revocable hour-long tokens.
    const shared = (callbackUrls: readonly string[], extraScopes: readonly cognito.OAuthScope[]) =>
      ({
        generateSecret: false,
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
          scopes: [...scopes, ...extraScopes],
          callbackUrls: [...callbackUrls],
          logoutUrls: [...callbackUrls],
        },
        supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        readAttributes: readable,
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
      }) satisfies cognito.UserPoolClientOptions;
    this.client = this.userPool.addClient("web-client", {
      // COGNITO_ADMIN lets the access token call Cognito's user API for the person's own TOTP set-up.
      ...shared(props.callbackUrls, [cognito.OAuthScope.COGNITO_ADMIN]),
      // adminUserPassword: the smoke test signs in with AdminInitiateAuth, an IAM-signed call that
      // only holders of cognito-idp:AdminInitiateAuth on this pool can make, never a browser.
      authFlows: { userSrp: true, adminUserPassword: true },
      // Users may edit their name only: their facility and province decide what data they see.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      // A reception shift: the browser refreshes the ID token silently until the day is over.
      refreshTokenValidity: Duration.hours(12),
    });
    // A kiosk or waiting-room screen is signed in once by staff and then runs unattended for weeks.
    // Its refresh token is not rotated: a device whose renewal answer is lost in a network blip
    // keeps a token that still works, and disabling the device's account ends it at once. It names
    // no attributes to write: Cognito then lets it write standard ones only, never the custom
    // attributes that decide a facility or province.
    this.deviceClient = this.userPool.addClient("device-client", {
      ...shared(props.deviceCallbackUrls, []),
      // The token gate tells this client by its name: it refuses tokens here to all but device accounts.
      userPoolClientName: DEVICE_CLIENT_NAME,
      authFlows: { userSrp: true },
      refreshTokenValidity: Duration.days(DEVICE_REFRESH_DAYS),
    });
  }

  /**
   * Lets the admin function manage staff accounts with the pool's admin API: exactly the calls its
   * directory makes, on this pool only, and tells it which pool.
   */
  allowAccountAdmin(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...COGNITO_ADMIN_ACTIONS],
        resources: [this.userPool.userPoolArn],
      }),
    );
    fn.addEnvironment("USER_POOL_ID", this.userPool.userPoolId);
  }

  /**
   * Runs `gate` before Cognito issues tokens, allowed to read users' MFA settings and the name of an
   * app client, on this pool only.
   * The grant is a policy of its own, not the function's default one: the pool refers to the
   * function, and the function must not wait on a policy that refers to the pool.
   */
  gateTokens(gate: { function: lambda.Function; role: iam.IRole }): void {
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, gate.function);
    new iam.Policy(this, "mfa-gate-policy", {
      roles: [gate.role],
      statements: [
        new iam.PolicyStatement({ actions: [...MFA_GATE_ACTIONS], resources: [this.userPool.userPoolArn] }),
      ],
    });
  }

  /** The issuer the HTTP API's JWT authorizer trusts. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
