import { existsSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { contentSecurityPolicy, PERMISSIONS_POLICY } from "../page-headers.ts";

export interface WebSiteProps {
  /** The vite build output; a folder without the pages is refused (no placeholder is ever deployed). */
  readonly distDir: string;
  /** The WAF web ACL (scope CLOUDFRONT, in us-east-1) in front of the distribution. */
  readonly webAclArn: string;
  /** A custom domain for the pages and its certificate (in us-east-1). */
  readonly domain?: { readonly name: string; readonly certificate: acm.ICertificate };
  /** Host name of the HTTP API that serves /api/*. */
  readonly apiDomainName: string;
  /** Origins the pages may fetch from besides their own (the Cognito token endpoint). */
  readonly connectSources: readonly string[];
}

/** Pages served under a path without extension; a CloudFront Function maps them to their files. */
const PAGE_PATHS: Readonly<Record<string, string>> = {
  "/kiosk": "/kiosk.html",
  "/kiosk/": "/kiosk.html",
  "/dashboard": "/dashboard.html",
  "/dashboard/": "/dashboard.html",
  "/room": "/room.html",
  "/room/": "/room.html",
  "/display": "/display.html",
  "/display/": "/display.html",
  "/admin": "/admin.html",
  "/admin/": "/admin.html",
};

const REWRITE_PAGES = `var PAGES = ${JSON.stringify(PAGE_PATHS)};
function handler(event) {
  var request = event.request;
  var page = PAGES[request.uri];
  if (page) request.uri = page;
  return request;
}`;

/**
 * The three pages from a private S3 bucket behind CloudFront with Origin Access Control, and
 * /api/* on the same origin routed to the HTTP API uncached, so pages and API share one origin
 * (no CORS, one set of security headers).
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  private readonly pagesDeployment: deploy.BucketDeployment;
  private readonly domainName: string | undefined;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    this.domainName = props.domain?.name;
    this.bucket = new s3.Bucket(this, "bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.headers = new cloudfront.ResponseHeadersPolicy(this, "security-headers", {
      comment: "tiepdon: CSP, HSTS, no framing, nosniff, no referrer",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.connectSources),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: "Permissions-Policy", value: PERMISSIONS_POLICY, override: true }],
      },
    });
    const rewritePages = new cloudfront.Function(this, "page-paths", {
      code: cloudfront.FunctionCode.fromInline(REWRITE_PAGES),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: "tiepdon: /kiosk, /dashboard, /room, /display and /admin to their pages",
    });
    this.distribution = new cloudfront.Distribution(this, "distribution", {
      comment: "tiepdon pages and API",
      defaultRootObject: "index.html",
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      webAclId: props.webAclArn,
      ...(props.domain === undefined
        ? {}
        : {
            domainNames: [props.domain.name],
            certificate: props.domain.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucketRef),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        functionAssociations: [
          { function: rewritePages, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        "/api/*": {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.headers,
          compress: true,
        },
      },
    });

    if (!existsSync(join(props.distDir, "index.html")))
      throw new Error(
        `No built pages in ${props.distDir}: build them before synthesizing (npm run build:web)`,
      );
    const pages = deploy.Source.asset(props.distDir);
    // Hashed bundles never change, so browsers keep them for a year; old ones stay for pages still open.
    new deploy.BucketDeployment(this, "assets", {
      sources: [pages],
      destinationBucket: this.bucketRef,
      exclude: ["*"],
      include: ["assets/*"],
      prune: false,
      cacheControl: [deploy.CacheControl.fromString("public, max-age=31536000, immutable")],
      memoryLimit: 512,
    });
    // Pages and config are revalidated on every load, so a deployment shows at once without invalidations.
    this.pagesDeployment = new deploy.BucketDeployment(this, "pages", {
      sources: [pages],
      destinationBucket: this.bucketRef,
      exclude: ["assets/*"],
      cacheControl: [deploy.CacheControl.noCache()],
      memoryLimit: 512,
    });
  }

  /** Adds a JSON file next to the pages (deploy-time values such as the sign-in settings). */
  addJson(name: string, value: Record<string, string>): void {
    this.pagesDeployment.addSource(deploy.Source.jsonData(name, value));
  }

  /**
   * The bucket as the IBucket other constructs take: CDK's Bucket declares `isWebsite` as a getter
   * that may return undefined, which exactOptionalPropertyTypes rejects against the interface.
   */
  private get bucketRef(): s3.IBucket {
    return this.bucket as s3.IBucket;
  }

  /** The site's https URL: the custom domain when there is one. */
  get url(): string {
    return `https://${this.domainName ?? this.distribution.distributionDomainName}`;
  }
}
