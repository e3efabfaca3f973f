import { randomBytes } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import type { Role } from "#domain/roles";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { type LocalApp, type LocalAppOptions, startLocalApp } from "#infra/local/local-app";
import { type TableNames, tableNames } from "#infra/local/table-definitions";
import { OPEN_PERSON_LIMITS } from "./open-limits.ts";

/** A running in-process app on the run's DynamoDB Local, with helpers to call it like a browser would. */
export interface TestApp {
  readonly app: LocalApp;
  readonly url: string;
  readonly names: TableNames;
  /** A client on the same DynamoDB Local, to check what was stored. */
  readonly doc: DynamoDBDocumentClient;
  /** Sets the mock gateway's injected faults (local-only control route); answers the HTTP status. */
  setGatewayFaults(faults: { errorRate: number; timeoutRate: number; latencyMs: number }): Promise<number>;
  /** A dev token; a receptionist's may name the clerk it checks cards as (the demo clerk otherwise). */
  token(
    role: Role,
    scope?: { facility?: string; province?: string; clerk?: { name: string; id: string } },
  ): Promise<string>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; json: unknown; text: string }>;
  stop(): Promise<void>;
}

/** Starts the whole API in this test file's process (one per file: handlers read settings once). */
export async function startTestApp(options: Partial<LocalAppOptions> = {}): Promise<TestApp> {
  const tablePrefix = options.tablePrefix ?? `a${randomBytes(4).toString("hex")}-`;
  const dynamoEndpoint = options.dynamoEndpoint ?? inject("dynamoEndpoint");
  const app = await startLocalApp({
    port: 0,
    dataDir: null,
    dynamoEndpoint,
    tablePrefix,
    seed: "small",
    webRoot: null,
    rateLimits: null,
    ...options,
    env: { GATEWAY_TIMEOUT_MS: "800", GATEWAY_SLOW_MS: "2500", ...OPEN_PERSON_LIMITS, ...options.env },
  });
  const call: TestApp["call"] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
    if (callOptions.body !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers,
      ...(callOptions.body === undefined
        ? {}
        : {
            body: typeof callOptions.body === "string" ? callOptions.body : JSON.stringify(callOptions.body),
          }),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
  return {
    app,
    url: app.url,
    names: tableNames(tablePrefix),
    doc: makeDynamoClients(dynamoEndpoint).doc,
    call,
    async token(role, scope = {}) {
      const res = await call("POST", "/api/dev/token", { body: { role, ...scope } });
      const token = (res.json as { token?: unknown } | null)?.token;
      if (res.status !== 200 || typeof token !== "string")
        throw new Error(`token request failed: ${res.text}`);
      return token;
    },
    async setGatewayFaults(faults) {
      const res = await fetch(`${app.url}/gateway/_faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(faults),
      });
      await res.body?.cancel();
      return res.status;
    },
    stop: () => app.stop(),
  };
}
