import { join } from "node:path";
import { Duration, RemovalPolicy, Tags } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { FUNCTION_ENTRIES } from "#infra/routes";

/** A deployable function: one of the handler files in the routes table. */
export type FunctionKey = keyof typeof FUNCTION_ENTRIES;

/** The Lambda runtime every function runs on; the project's own Node 24 builds and tests the same code. */
const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Tag naming the function a resource belongs to; tests and cost reports map resources by it. */
const FUNCTION_TAG = "tiepdon:function";

/**
 * esbuild's ESM output calls `require` for the CommonJS dependencies it bundles; Node's ESM has no
 * `require`, so the bundle makes one.
 */
const CREATE_REQUIRE_BANNER =
  "import{createRequire as __tiepdonCreateRequire}from'node:module';const require=__tiepdonCreateRequire(import.meta.url);";

export interface TiepdonFunctionProps {
  /** Which handler this is; its source file comes from FUNCTION_ENTRIES. */
  readonly name: FunctionKey;
  /** The project root holding package.json, package-lock.json and the functions/ folder. */
  readonly projectRoot: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** Defaults to 10 s: the gateway client gives up after 4.5 s and the HTTP API after 30 s. */
  readonly timeout?: Duration;
  /** Defaults to 512 MB: enough CPU for a sub-second check-in on arm64 without paying for idle memory. */
  readonly memorySize?: number;
  /** Days the function's logs are kept. */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * One Lambda function with the project's defaults pinned in one place: Node 24 on arm64, an
 * esbuild ESM bundle with source maps, JSON logs in the function's own log group with a retention,
 * X-Ray tracing, a fixed timeout and memory size, and a role that may do nothing but write its own
 * logs and traces until a grant adds exactly what the function needs.
 */
export class TiepdonFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TiepdonFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "logs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `tiepdon ${props.name} function`,
    });
    // Scoped to this function's own log group, instead of the managed basic-execution policy's logs:* on *.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, "function", {
      entry: join(props.projectRoot, FUNCTION_ENTRIES[props.name]),
      handler: "handler",
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, "package-lock.json"),
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: "tiepdon",
        LOG_LEVEL: "INFO",
        // Stack traces in the logs point at the TypeScript sources, not the minified bundle.
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: "node24",
        mainFields: ["module", "main"],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        banner: CREATE_REQUIRE_BANNER,
        // The Node 24 runtime ships AWS SDK v3; bundling it would triple every bundle for nothing.
        externalModules: ["@aws-sdk/*"],
        forceDockerBundling: false,
      },
    });
    Tags.of(this.function).add(FUNCTION_TAG, props.name);
  }
}
