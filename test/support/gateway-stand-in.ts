import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { RECORDED_ANSWERS, recordedAnswer } from "./gateway-recordings.ts";

/**
 * A small stand-in for the real national gateway, for tests of a client against it: it accepts
 * only what the real gateway accepts (the account in the token body, JSON or form; the account and
 * both tokens in the card check's query string) and answers the recorded texts, so nothing of
 * tiepdon's own gateway code or schema is involved.
 */
export interface GatewayStandIn {
  readonly url: string;
  /** Every request as it arrived. */
  readonly seen: SeenRequest[];
  /** Makes every token issued so far invalid, as the gateway does when it revokes a session. */
  revoke(): void;
  /** The next card checks answer these (an HTTP status and a recorded text) instead of the card's own. */
  script(...replies: Array<{ status: number; body: string }>): void;
  close(): Promise<void>;
}

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, string>;
  /** What the stand-in answered: its maKetQua. */
  answered: string;
}

/** The recorded answer of each card the stand-in knows, by the ID number or card code asked. */
const CARDS: Record<string, string> = {
  "001090012345": RECORDED_ANSWERS.covered,
  DN4010123456789: RECORDED_ANSWERS.covered,
  "001185001122": RECORDED_ANSWERS.coveredEmpty,
  HC4010200112233: RECORDED_ANSWERS.coveredEmpty,
};
const CHECK_FIELDS = ["maThe", "hoTen", "ngaySinh", "hoTenCb", "cccdCb"];
const BIRTH_DATE = /^(\d{2}\/\d{2}\/\d{4}|\d{8}|\d{4})$/;

function readBody(text: string, contentType: string): Record<string, string> | null {
  if (contentType.startsWith("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(text));
  if (contentType.startsWith("application/json")) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
      return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, String(field)]));
    } catch {
      return null;
    }
  }
  return null;
}

/** Vietnam's offset, as the gateway writes its date-times. */
function vnDateTime(ms: number): string {
  return `${new Date(ms + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

export async function startGatewayStandIn(account: {
  username: string;
  password: string;
}): Promise<GatewayStandIn> {
  const seen: SeenRequest[] = [];
  const tokens = new Map<string, string>();
  // The real gateway takes the password's MD5 digest, upper- or lower-case hex, never the password.
  const digest = createHash("md5").update(account.password, "utf8").digest("hex");
  const isDigest = (value: string | undefined) => value?.toLowerCase() === digest;
  const scripted: Array<{ status: number; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const body = readBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"] ?? "");
      const entry: SeenRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: body ?? {},
        answered: "",
      };
      seen.push(entry);
      const answer = (status: number, text: string) => {
        entry.answered = /"maKetQua":"(\d+)"/.exec(text)?.[1] ?? "";
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        res.end(text);
      };
      if (req.method !== "POST") return answer(405, `{"maKetQua":"405"}`);
      if (url.pathname === "/api/token/take") {
        if (body?.username !== account.username || !isDigest(body.password))
          return answer(200, RECORDED_ANSWERS.tokenRefused);
        const pair = {
          access_token: randomBytes(12).toString("hex"),
          id_token: randomBytes(12).toString("hex"),
        };
        tokens.set(pair.access_token, pair.id_token);
        return answer(
          200,
          recordedAnswer(RECORDED_ANSWERS.token, { ...pair, expires_in: vnDateTime(Date.now() + 3600_000) }),
        );
      }
      if (url.pathname === "/api/egw/KQNhanLichSuKCB2024") {
        const query = entry.query;
        const known = query.token === undefined ? undefined : tokens.get(query.token);
        if (
          known === undefined ||
          known !== query.id_token ||
          query.username !== account.username ||
          !isDigest(query.password)
        ) {
          return answer(200, RECORDED_ANSWERS.notAuthenticated);
        }
        const next = scripted.shift();
        if (next !== undefined) return answer(next.status, next.body);
        if (body === null || CHECK_FIELDS.some((field) => body[field] === undefined))
          return answer(200, RECORDED_ANSWERS.badParameter);
        if (!BIRTH_DATE.test(body.ngaySinh ?? "")) return answer(200, RECORDED_ANSWERS.badParameter);
        return answer(200, CARDS[body.maThe ?? ""] ?? RECORDED_ANSWERS.noCard);
      }
      return answer(404, `{"maKetQua":"404"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    revoke: () => tokens.clear(),
    script: (...replies) => scripted.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
