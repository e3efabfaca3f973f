import { describe, expect, it } from "vitest";
import { credentialsFromEnvironment, makeSigV4Fetch } from "#functions/gateway/sigv4-fetch";

/** Captures what the signed fetch would send instead of sending it. */
function capture() {
  const sent: { url: string; method: string; headers: Headers; body: string | null }[] = [];
  const fake: typeof fetch = async (input, init = {}) => {
    sent.push({
      url: input.toString(),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : null,
    });
    return new Response("{}", { status: 200 });
  };
  return { sent, fake };
}

// AWS's published SigV4 test suite, case "get-vanilla".
const EXAMPLE = {
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  date: new Date("2015-08-30T12:36:00Z"),
};

/** A fetch signed as AWS's published test suite signs: its keys, region, service and clock. */
function signedForExample() {
  const { sent, fake } = capture();
  const signed = makeSigV4Fetch({
    region: "us-east-1",
    service: "service",
    credentials: async () => EXAMPLE.credentials,
    fetch: fake,
    now: () => EXAMPLE.date,
  });
  return { sent, signed };
}

describe("makeSigV4Fetch", () => {
  it("produces AWS's published signature for the get-vanilla test case", async () => {
    const { sent, signed } = signedForExample();
    await signed("https://example.amazonaws.com/");
    expect(sent[0]?.headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
    expect(sent[0]?.headers.get("x-amz-date")).toBe("20150830T123600Z");
  });

  it("signs the query string too: AWS's published get-vanilla-query-order-key-case", async () => {
    const { sent, signed } = signedForExample();
    await signed("https://example.amazonaws.com/?Param2=value2&Param1=value1");
    expect(sent[0]?.headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    );
  });

  it("keeps the gateway's tokens in the query, owns the Authorization header and signs the body", async () => {
    const { sent, fake } = capture();
    const signed = makeSigV4Fetch({
      region: "ap-southeast-1",
      credentials: async () => ({ ...EXAMPLE.credentials, sessionToken: "session-token" }),
      fetch: fake,
      now: () => EXAMPLE.date,
    });
    const body = JSON.stringify({ maThe: "001090012345" });
    const url =
      "https://abc.lambda-url.ap-southeast-1.on.aws/api/egw/KQNhanLichSuKCB2024?token=a.b&id_token=c.d&username=u&password=p";
    const answer = await signed(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(answer.status).toBe(200);
    const request = sent[0];
    expect(request?.method).toBe("POST");
    expect(request?.body).toBe(body);
    expect(new URL(request?.url ?? "").searchParams.get("id_token")).toBe("c.d");
    expect(request?.headers.get("x-amz-security-token")).toBe("session-token");
    expect(request?.headers.get("authorization") ?? "").toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/ap-southeast-1\/lambda\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it("gives a different signature when the body differs", async () => {
    const signatures: string[] = [];
    for (const body of ['{"a":1}', '{"a":2}']) {
      const { sent, fake } = capture();
      const signed = makeSigV4Fetch({
        region: "ap-southeast-1",
        credentials: async () => EXAMPLE.credentials,
        fetch: fake,
        now: () => EXAMPLE.date,
      });
      await signed("https://abc.lambda-url.ap-southeast-1.on.aws/api/token/take", { method: "POST", body });
      signatures.push(sent[0]?.headers.get("authorization") ?? "");
    }
    expect(signatures[0]).not.toBe(signatures[1]);
  });
});

describe("credentialsFromEnvironment", () => {
  it("reads the execution role's keys and session token", async () => {
    await expect(
      credentialsFromEnvironment({
        AWS_ACCESS_KEY_ID: "id",
        AWS_SECRET_ACCESS_KEY: "secret",
        AWS_SESSION_TOKEN: "t",
      }),
    ).resolves.toEqual({ accessKeyId: "id", secretAccessKey: "secret", sessionToken: "t" });
  });

  it("refuses to sign without credentials", async () => {
    await expect(credentialsFromEnvironment({})).rejects.toThrow(/No AWS credentials/);
  });
});
