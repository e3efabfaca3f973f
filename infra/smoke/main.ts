/**
 * `npm run smoke -- <url>`: checks a running tiepdon end to end and prints what it checked.
 * Against the local app it signs in with the demo sign-in; against AWS with a smoke account of
 * the stack's Cognito pool (`--sign-in cognito --user-pool-id … --client-id … --region …`).
 */
import { parseArgs } from "node:util";
import { runSmoke, SMOKE_PATIENT, type SmokeCheck } from "./checks.ts";
import { cognitoSignIn, demoSignIn, type SmokeSignIn } from "./sign-in.ts";

const USAGE = `usage: npm run smoke -- <url> [--read-only] [--facility 01001]
       [--sign-in demo]                                   the local app in demo mode (default)
       [--sign-in cognito --user-pool-id ID --client-id ID --region REGION]   a deployed stack`;

function fail(message: string): never {
  console.error(`smoke: ${message}\n${USAGE}`);
  process.exit(2);
}

function signInFrom(values: Record<string, string | boolean | undefined>, url: string): SmokeSignIn {
  const facility = typeof values.facility === "string" ? values.facility : SMOKE_PATIENT.facility;
  if (!/^\d{5}$/.test(facility)) fail(`--facility ${facility} is not a 5-digit facility code`);
  const mode = values["sign-in"] ?? "demo";
  if (mode === "demo") return demoSignIn(url, facility);
  if (mode === "cognito") {
    const { "user-pool-id": userPoolId, "client-id": clientId, region } = values;
    if (typeof userPoolId !== "string" || typeof clientId !== "string" || typeof region !== "string")
      fail("--sign-in cognito needs --user-pool-id, --client-id and --region (the stack's outputs)");
    return cognitoSignIn({ userPoolId, clientId, region, facility });
  }
  return fail(`--sign-in ${String(mode)} is not a sign-in: use demo or cognito`);
}

function line(check: SmokeCheck): string {
  return `${check.ok ? "ok  " : "FAIL"} ${check.name} (${Math.round(check.ms)} ms): ${check.detail}`;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "sign-in": { type: "string" },
    facility: { type: "string" },
    "read-only": { type: "boolean", default: false },
    "user-pool-id": { type: "string" },
    "client-id": { type: "string" },
    region: { type: "string" },
  },
});
const url = positionals[0];
if (url === undefined || !/^https?:\/\/[^\s]+$/.test(url)) fail("give the URL of the site to check");
console.log(`smoke: checking ${url}`);
const checks = await runSmoke({
  baseUrl: url,
  signIn: signInFrom(values, url),
  readOnly: values["read-only"] === true,
  report: (check) => console.log(line(check)),
});
const failed = checks.filter((check) => !check.ok);
console.log(
  failed.length === 0
    ? `smoke: all ${checks.length} checks passed`
    : `smoke: ${failed.length} of ${checks.length} checks failed`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
