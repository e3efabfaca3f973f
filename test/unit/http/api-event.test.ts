import { describe, expect, it } from "vitest";
import { buildHttpApiEvent, flattenClaims, withJwtClaims } from "#infra/local/api-event";
import sample from "../../fixtures/http-api-v2-event.json" with { type: "json" };

const body = Buffer.from(sample.body);
const raw = {
  method: "POST",
  url: `/api/checkins?${sample.rawQueryString}`,
  headers: {
    "content-type": "application/json",
    host: sample.headers.host,
    "user-agent": "reception-pc",
    "x-multi": ["one", "two"],
    cookie: "theme=dark; lang=vi",
  },
  body,
  sourceIp: "192.0.2.10",
  now: new Date(sample.requestContext.timeEpoch),
};

describe("local HTTP API v2 event", () => {
  const event = withJwtClaims(buildHttpApiEvent(raw, sample.routeKey), {
    sub: "u-1",
    "cognito:groups": ["receptionist"],
    "custom:facility": "01001",
    exp: 1790000000,
  });

  it("has the same top-level fields as API Gateway's payload 2.0", () => {
    expect(Object.keys(event).sort()).toEqual(Object.keys(sample).sort());
    expect(Object.keys(event.requestContext).sort()).toEqual(Object.keys(sample.requestContext).sort());
    expect(Object.keys(event.requestContext.http).sort()).toEqual(
      Object.keys(sample.requestContext.http).sort(),
    );
  });

  it("matches the sample field by field", () => {
    expect(event.version).toBe(sample.version);
    expect(event.routeKey).toBe(sample.routeKey);
    expect(event.rawPath).toBe(sample.rawPath);
    expect(event.rawQueryString).toBe(sample.rawQueryString);
    expect(event.cookies).toEqual(sample.cookies);
    expect(event.headers).toEqual(sample.headers);
    expect(event.queryStringParameters).toEqual(sample.queryStringParameters);
    expect(event.body).toBe(sample.body);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http).toEqual(sample.requestContext.http);
    expect(event.requestContext.routeKey).toBe(sample.requestContext.routeKey);
    expect(event.requestContext.stage).toBe(sample.requestContext.stage);
    expect(event.requestContext.time).toBe(sample.requestContext.time);
    expect(event.requestContext.timeEpoch).toBe(sample.requestContext.timeEpoch);
    expect(event.requestContext.domainName).toBe(sample.requestContext.domainName);
    expect(event.requestContext.domainPrefix).toBe(sample.requestContext.domainPrefix);
    expect(event.requestContext.authorizer.jwt.claims).toEqual(sample.requestContext.authorizer.jwt.claims);
  });

  it("leaves out what API Gateway leaves out on a bare GET", () => {
    const bare = buildHttpApiEvent(
      { ...raw, method: "GET", url: "/api/checkins", headers: {}, body: Buffer.alloc(0) },
      "GET /api/checkins",
    );
    expect(bare).not.toHaveProperty("body");
    expect(bare).not.toHaveProperty("queryStringParameters");
    expect(bare).not.toHaveProperty("cookies");
    expect(bare.rawQueryString).toBe("");
  });

  it("base64-encodes bodies that are not text", () => {
    const binary = buildHttpApiEvent(
      { ...raw, headers: { "content-type": "image/png" }, body: Buffer.from([0, 255, 1]) },
      sample.routeKey,
    );
    expect(binary.isBase64Encoded).toBe(true);
    expect(binary.body).toBe(Buffer.from([0, 255, 1]).toString("base64"));
  });

  it("passes claims as strings, arrays flattened the way the JWT authorizer does", () => {
    expect(flattenClaims({ groups: ["a", "b"], n: 5, ok: true })).toEqual({
      groups: "[a b]",
      n: "5",
      ok: "true",
    });
  });
});
