import { CfnCondition, CfnParameter, CfnRule, Fn, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as secrets from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/** The stack parameters that choose the gateway; their ids are the names typed at deploy time. */
export function gatewayParameters(scope: Construct) {
  return {
    baseUrl: new CfnParameter(scope, "RegistryBaseUrl", {
      type: "String",
      default: "",
      description:
        "Base URL of the real national insurance gateway (https://..., no trailing slash). Empty: the mock deployed by this stack.",
      allowedPattern: "^$|^https://[^\\s]+[^/\\s]$",
    }),
    secretArn: new CfnParameter(scope, "GatewaySecretArn", {
      type: "String",
      default: "",
      description:
        'ARN of a Secrets Manager secret {"username": "...", "password": "..."} for the real gateway. Empty: the account this stack generates for the mock.',
      allowedPattern: "^$|^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+$",
    }),
  };
}

type GatewayParameters = ReturnType<typeof gatewayParameters>;

export interface InsuranceGatewayProps {
  /** The mock national gateway function; its URL is the default gateway. */
  readonly mock: TiepdonFunction;
  readonly parameters: GatewayParameters;
  /**
   * Whether the stack may run on the mock. When not, a CloudFormation rule refuses any deployment
   * that leaves the gateway's base URL or secret empty (production, unless asked otherwise).
   */
  readonly mockAllowed: boolean;
}

/**
 * The national insurance gateway as the functions see it. By default it is the mock, deployed as
 * its own function behind an IAM-authorised function URL that only the callers granted here may
 * invoke. Stack parameters switch to the real gateway: its base URL, and the ARN of a secret
 * holding the account the agency issued. The account never sits in an environment variable:
 * functions read the secret at cold start.
 */
export class InsuranceGateway extends Construct {
  readonly url: lambda.FunctionUrl;
  /** The account for the mock; also the secret the callers read unless another one is given. */
  readonly mockAccount: secrets.Secret;
  private readonly mock: TiepdonFunction;
  private readonly usesMock: CfnCondition;
  private readonly secretArn: string;
  private readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: InsuranceGatewayProps) {
    super(scope, id);
    this.mock = props.mock;
    const realBaseUrl = props.parameters.baseUrl;
    const realSecretArn = props.parameters.secretArn;

    this.mockAccount = new secrets.Secret(this, "mock-account", {
      description: "tiepdon: the account the mock national gateway accepts",
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: "tiepdon" }),
        generateStringKey: "password",
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.mockAccount.grantRead(props.mock.function);

    this.url = props.mock.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    this.usesMock = new CfnCondition(this, "uses-mock", {
      expression: Fn.conditionEquals(realBaseUrl.valueAsString, ""),
    });
    const usesOwnSecret = new CfnCondition(this, "uses-own-secret", {
      expression: Fn.conditionEquals(realSecretArn.valueAsString, ""),
    });
    // The function URL ends in "/"; the client appends paths starting with "/".
    const mockBaseUrl = `https://${Fn.select(2, Fn.split("/", this.url.url))}`;
    this.baseUrl = Fn.conditionIf(this.usesMock.logicalId, mockBaseUrl, realBaseUrl.valueAsString).toString();
    this.secretArn = Fn.conditionIf(
      usesOwnSecret.logicalId,
      this.mockAccount.secretArn,
      realSecretArn.valueAsString,
    ).toString();

    if (!props.mockAllowed) {
      const filled = (parameter: CfnParameter) =>
        Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, ""));
      new CfnRule(this, "real-gateway-required", {
        assertions: [
          {
            assert: filled(realBaseUrl),
            assertDescription: `This environment refuses the mock gateway: set ${realBaseUrl.node.id} to the national gateway (or deploy with -c tiepdon:allowMockGateway=true for a training environment).`,
          },
          {
            assert: filled(realSecretArn),
            assertDescription: `This environment refuses the mock gateway's account: set ${realSecretArn.node.id} to the secret holding the facility's gateway account.`,
          },
        ],
      });
    }
  }

  /** Gives the mock its own settings: its account (read from the secret at cold start), fault injection off. */
  configureMock(): void {
    setEnvironment(this.mock, {
      GATEWAY_SECRET_ARN: this.mockAccount.secretArn,
      GATEWAY_FAULT_CONTROL: "off",
      // A "timeout" person outwaits the client (4.5 s) but not the function's own 10 s limit.
      GATEWAY_SLOW_MS: "8000",
    });
  }

  /**
   * Lets a function try an account with one token request (the administration's check of a new
   * password): the gateway's address and, for the mock, the right to invoke it; no account secret.
   */
  allowTokenRequests(caller: TiepdonFunction): void {
    this.mock.function.grantInvokeUrl(caller.function);
    setEnvironment(caller, {
      GATEWAY_BASE_URL: this.baseUrl,
      GATEWAY_AUTH: Fn.conditionIf(this.usesMock.logicalId, "iam", "none").toString(),
    });
  }

  /**
   * Lets a function call the gateway: invoke the mock's URL, read the account secret, and the
   * settings that point the gateway client at whichever gateway the parameters chose.
   */
  allowCaller(caller: TiepdonFunction): void {
    this.mock.function.grantInvokeUrl(caller.function);
    caller.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.secretArn],
      }),
    );
    setEnvironment(caller, {
      GATEWAY_BASE_URL: this.baseUrl,
      GATEWAY_AUTH: Fn.conditionIf(this.usesMock.logicalId, "iam", "none").toString(),
      GATEWAY_SECRET_ARN: this.secretArn,
    });
  }
}

function setEnvironment(target: TiepdonFunction, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) target.function.addEnvironment(name, value);
}
