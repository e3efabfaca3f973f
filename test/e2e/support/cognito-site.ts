/**
 * The built pages as CloudFront serves them in AWS: the same security headers (with Cognito's
 * origins allowed to be fetched) and a config.json that names a Cognito pool, so that a page
 * signs in against the Cognito stand-in exactly as it would against Cognito.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { pageHeaders } from "#infra/page-headers";

const PAGES: Record<string, string> = {
  "/": "index.html",
  "/kiosk": "kiosk.html",
  "/dashboard": "dashboard.html",
  "/room": "room.html",
  "/display": "display.html",
  "/admin": "admin.html",
};

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

/** The web client's id in the config the site serves. */
export const SITE_CLIENT_ID = "stand-in-web-client";

export interface CognitoSite {
  readonly url: string;
  readonly config: Record<string, string>;
  stop(): Promise<void>;
}

/** Serves `webRoot` on a free loopback port, signed in through the Cognito stand-in at `cognitoUrl`. */
export async function startCognitoSite(webRoot: string, cognitoUrl: string): Promise<CognitoSite> {
  const config = {
    region: "ap-southeast-1",
    userPoolId: "ap-southeast-1_standin",
    clientId: SITE_CLIENT_ID,
    deviceClientId: "stand-in-device-client",
    authDomain: cognitoUrl,
    userApiEndpoint: `${cognitoUrl}/`,
  };
  const headers = pageHeaders([cognitoUrl]);
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = new URL(req.url ?? "/", "http://site").pathname;
      if (pathname === "/config.json") {
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(config));
        return;
      }
      const target = normalize(join(webRoot, PAGES[pathname] ?? pathname.slice(1)));
      try {
        if (!target.startsWith(webRoot + sep)) throw new Error("outside the pages");
        const body = await readFile(target);
        res.writeHead(200, {
          "content-type": MIME[extname(target)] ?? "application/octet-stream",
          ...headers,
        });
        res.end(body);
      } catch {
        res.writeHead(404, { "content-type": "text/plain", ...headers });
        res.end("not found");
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
