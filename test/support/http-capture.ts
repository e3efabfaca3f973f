/**
 * Small HTTP servers for gateway tests: one that records each request exactly as it arrived and
 * answers a fixed text, and one that serves a Lambda-style app (HTTP API v2 events) as the local
 * runner does.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { buildHttpApiEvent } from "#infra/local/api-event";

export interface CapturedRequest {
  readonly method: string;
  /** Path and query string as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function bodyOf(request: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Records every request and answers `answer` (JSON text) to each. */
export async function startCapture(answer: string): Promise<RunningServer & { seen: CapturedRequest[] }> {
  const seen: CapturedRequest[] = [];
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      seen.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: body.toString("utf8"),
      });
      response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      response.end(answer);
    });
  });
  return { ...(await listen(server)), seen };
}

/** Serves `handle` over HTTP; a null answer is a 404. */
export async function serveApp(
  handle: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2 | null>,
): Promise<RunningServer> {
  const server = createServer((request, response) => {
    void bodyOf(request)
      .then(async (body) => {
        const event = buildHttpApiEvent(
          {
            method: request.method ?? "GET",
            url: request.url ?? "/",
            headers: request.headers,
            body,
            sourceIp: "127.0.0.1",
            now: new Date(),
          },
          "$default",
        );
        const result = await handle(event);
        const headers = Object.entries(result?.headers ?? {}).map(([name, value]) => [name, String(value)]);
        response.writeHead(result?.statusCode ?? 404, Object.fromEntries(headers));
        response.end(result?.body ?? "");
      })
      .catch(() => {
        response.writeHead(500);
        response.end();
      });
  });
  return listen(server);
}
