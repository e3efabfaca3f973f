import { Aws } from "aws-cdk-lib";
import * as budgets from "aws-cdk-lib/aws-budgets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { type RunbookSection, runbookReference } from "./alarms.ts";

/** The cost allocation tag every resource of an environment carries; the budget counts by it. */
export const ENVIRONMENT_TAG = "tiepdon:environment";

export interface CostBudgetProps {
  /** The budget's name (the stack name) and the value of the environment tag it filters on. */
  readonly name: string;
  readonly environment: string;
  readonly monthlyUsd: number;
  readonly topic: sns.ITopic;
}

/** The runbook section the budget's notifications point to. */
const BUDGET_RUNBOOK: RunbookSection = "budget";

/**
 * An AWS Budgets cost budget for one environment (resources carrying its environment tag, which
 * must be activated once as a cost allocation tag), notifying the alarm topic when the month's
 * actual cost passes 80 % and when the forecast passes 100 %.
 */
export class CostBudget extends Construct {
  readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal("budgets.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [props.topic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    const subscribers = [{ subscriptionType: "SNS", address: props.topic.topicArn }];
    const notify = (notificationType: "ACTUAL" | "FORECASTED", threshold: number) => ({
      notification: {
        notificationType,
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
      },
      subscribers,
    });
    this.budget = new budgets.CfnBudget(this, "budget", {
      budget: {
        budgetName: `${props.name}-monthly-cost`,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        budgetLimit: { amount: props.monthlyUsd, unit: "USD" },
        costFilters: { TagKeyValue: [`user:${ENVIRONMENT_TAG}$${props.environment}`] },
      },
      notificationsWithSubscribers: [notify("ACTUAL", 80), notify("FORECASTED", 100)],
    });
    // Budgets have no description field; the runbook section travels in the stack's metadata.
    this.budget.addMetadata("runbook", runbookReference(BUDGET_RUNBOOK));
  }
}
