import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { ROLES } from "#domain/roles";

export interface StaffSignInProps {
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** Where the hosted sign-in may send users back to: the site's pages. */
  readonly callbackUrls: readonly string[];
}

/**
 * The Cognito user pool of the staff: one group per role, and the facility and province as custom
 * attributes, so ID tokens carry exactly the claims the local dev tokens carry (`cognito:groups`,
 * `custom:facility`, `custom:province`). Accounts are created by an administrator only.
 */
export class StaffSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
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
    // Users may edit their name only: their facility and province decide what data they see.
    const writable = new cognito.ClientAttributes().withStandardAttributes({ fullname: true });
    this.client = this.userPool.addClient("web-client", {
      generateSecret: false,
      // adminUserPassword: the smoke test signs in with AdminInitiateAuth, an IAM-signed call that
      // only holders of cognito-idp:AdminInitiateAuth on this pool can make, never a browser.
      authFlows: { userSrp: true, adminUserPassword: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.callbackUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: readable,
      writeAttributes: writable,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A reception shift: the browser refreshes the ID token silently until the day is over.
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The issuer the HTTP API's JWT authorizer trusts. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
