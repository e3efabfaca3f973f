/**
 * The layering the code keeps (npm test fails on a break): the domain is pure and shared by the
 * pages and the functions, the pages reach the functions only through the domain, and nothing
 * imports in a circle. The domain's use of platform globals (no DOM, no Node) is checked by
 * tsconfig.domain.json.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Modules import one way; a cycle (type-only ones too) means two files are one concern or a shape belongs elsewhere.",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "The domain runs in the browser and in Lambda: it imports the domain, its data files and zod, nothing else (no AWS SDK, no Node built-ins, no DOM helpers).",
      from: { path: "^functions/domain/" },
      to: { pathNot: ["^functions/domain/", "^functions/data/[^/]+[.]json$", "^node_modules/zod/"] },
    },
    {
      name: "web-uses-only-the-domain",
      severity: "error",
      comment:
        "The pages share the domain with the functions and nothing else of them (no handlers, stores, AWS clients).",
      from: { path: "^web/" },
      to: { path: "^(functions|infra)/", pathNot: ["^functions/domain/", "^functions/data/[^/]+[.]json$"] },
    },
    {
      name: "functions-do-not-import-infra-or-tests",
      severity: "error",
      comment: "What is deployed never depends on the CDK app, the local runner or the tests.",
      from: { path: "^functions/" },
      to: { path: "^(infra|test|web)/" },
    },
    {
      name: "production-does-not-import-the-mock",
      severity: "error",
      comment:
        "The mock gateway and its data stay in functions/gateway-mock: deployed code and the CDK app reach the gateway only over HTTP; only seeding (local, and staging's demo facilities) and the smoke test, which checks a fixture patient in, may read the mock's data.",
      from: {
        path: "^(functions|infra)/",
        pathNot: [
          "^functions/gateway-mock/",
          "^infra/local/seed/",
          "^infra/smoke/",
          "^infra/constructs/demo-facilities[.]ts$",
        ],
      },
      to: { path: "^functions/gateway-mock/" },
    },
    {
      name: "production-does-not-import-seeding",
      severity: "error",
      comment:
        "Demo and national seeding live in infra/local/seed; only the local app's start-up calls them, nothing deployed does.",
      from: { path: "^(functions|infra)/", pathNot: ["^infra/local/seed/", "^infra/local/local-app[.]ts$"] },
      to: { path: "^infra/local/seed/" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import the checker cannot resolve would hide a broken rule.",
      from: {},
      // aws-lambda exists only as types (@types/aws-lambda).
      to: { couldNotResolve: true, pathNot: "^aws-lambda$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|cdk[.]out|[.]data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "default", "node"],
      extensions: [".ts", ".tsx", ".js", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
