import { describe, expect, it } from "vitest";
import { makePasswordCheck } from "#functions/gateway/password-check";

/** A gateway answering every call with `reply`, recording the bodies it was sent. */
function gatewayAnswering(reply: () => Response | Promise<Response>) {
  const bodies: string[] = [];
  const fetchFn: typeof fetch = async (_url, init) => {
    bodies.push(String(init?.body ?? ""));
    return reply();
  };
  return { fetchFn, bodies };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const ACCOUNT = { username: "01001_BV", password: "hanoi-pass" };

describe("trying a new gateway password at upload", () => {
  it("sends one token request with the MD5 digest of the password, and takes a token as accepted", async () => {
    const { fetchFn, bodies } = gatewayAnswering(() =>
      json(200, {
        maKetQua: "200",
        APIKey: {
          access_token: "a",
          id_token: "i",
          token_type: "Bearer",
          username: "01001_BV",
          expires_in: "2026-12-08T10:00:00+07:00",
        },
      }),
    );
    const check = makePasswordCheck({ baseUrl: "http://gateway.test/", fetch: fetchFn });
    expect(await check(ACCOUNT)).toBe("accepted");
    // MD5("hanoi-pass"), upper-case hex: never the password itself.
    expect(bodies).toEqual(["username=01001_BV&password=929C937933ECFA6F32173362A0DD8CC9"]);
  });

  it("is refused on the gateway's 401, in the answer or as the status", async () => {
    const inAnswer = gatewayAnswering(() => json(200, { maKetQua: "401", APIKey: null }));
    expect(await makePasswordCheck({ baseUrl: "http://g", fetch: inAnswer.fetchFn })(ACCOUNT)).toBe(
      "refused",
    );
    const asStatus = gatewayAnswering(() => json(401, {}));
    expect(await makePasswordCheck({ baseUrl: "http://g", fetch: asStatus.fetchFn })(ACCOUNT)).toBe(
      "refused",
    );
  });

  it("is unreachable when no answer or a server error comes back", async () => {
    const down = gatewayAnswering(() => Promise.reject(new TypeError("fetch failed")));
    expect(await makePasswordCheck({ baseUrl: "http://g", fetch: down.fetchFn })(ACCOUNT)).toBe(
      "unreachable",
    );
    const failing = gatewayAnswering(() => json(500, { maKetQua: "500" }));
    expect(await makePasswordCheck({ baseUrl: "http://g", fetch: failing.fetchFn })(ACCOUNT)).toBe(
      "unreachable",
    );
  });
});
