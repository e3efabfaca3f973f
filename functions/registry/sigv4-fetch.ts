/**
 * A `fetch` that signs each request with AWS Signature Version 4, for calling the mock national
 * gateway through its IAM-authorised Lambda function URL. The gateway protocol carries its own
 * `Authorization: Bearer` token, and SigV4 needs that header for itself, so the gateway token
 * travels in `X-Gateway-Authorization` (signed too) when this fetch is used.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { z } from "zod";

/** Where the gateway's own bearer token goes when SigV4 takes the Authorization header. */
export const GATEWAY_AUTHORIZATION_HEADER = "x-gateway-authorization";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SigV4FetchOptions {
  /** The region of the function URL, e.g. ap-southeast-1. */
  readonly region: string;
  /** The signing name of the service; function URLs are `lambda`. */
  readonly service?: string;
  /** Defaults to the Lambda execution role's credentials from the environment. */
  readonly credentials?: () => Promise<AwsCredentials>;
  readonly fetch?: typeof fetch;
  /** The signing clock (tests pin it). */
  readonly now?: () => Date;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: SourceData): Buffer =>
  typeof data === "string"
    ? Buffer.from(data, "utf8")
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer expects. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(this.secret));
  }

  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

const environmentCredentialsSchema = z.object({
  AWS_ACCESS_KEY_ID: z.string().min(1),
  AWS_SECRET_ACCESS_KEY: z.string().min(1),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
});

/** The execution role's credentials, which Lambda puts in the environment; read per request. */
export async function credentialsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Promise<AwsCredentials> {
  const parsed = environmentCredentialsSchema.safeParse(env);
  if (!parsed.success) throw new Error("No AWS credentials in the environment to sign gateway requests");
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = parsed.data;
  return {
    accessKeyId: AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
    ...(AWS_SESSION_TOKEN === undefined ? {} : { sessionToken: AWS_SESSION_TOKEN }),
  };
}

type SignableRequest = Parameters<SignatureV4["presign"]>[0];

async function bodyText(body: RequestInit["body"]): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  return await new Response(body).text();
}

/** Builds a fetch that signs every request with SigV4 before sending it. */
export function makeSigV4Fetch(options: SigV4FetchOptions): typeof fetch {
  const send = options.fetch ?? globalThis.fetch;
  const signer = new SignatureV4({
    service: options.service ?? "lambda",
    region: options.region,
    credentials: options.credentials ?? (() => credentialsFromEnvironment()),
    sha256: NodeSha256,
    // Lambda checks the signature over the body hash; it does not need the hash as a header.
    applyChecksum: false,
  });

  const signedFetch: typeof fetch = async (input, init = {}) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request?.url ?? input.toString());
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const body = await bodyText(init.body ?? (request === null ? undefined : await request.text()));
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? request?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const bearer = headers.authorization;
    if (bearer !== undefined) {
      delete headers.authorization;
      headers[GATEWAY_AUTHORIZATION_HEADER] = bearer;
    }
    const query: Record<string, string | string[]> = {};
    for (const name of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(name);
      query[name] = values.length === 1 ? (values[0] ?? "") : values;
    }
    const unsigned: SignableRequest = {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === "" ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host },
      ...(body === undefined ? {} : { body }),
    };
    const signed = await signer.sign(
      unsigned,
      options.now === undefined ? {} : { signingDate: options.now() },
    );
    const outgoing = new Headers();
    for (const [name, value] of Object.entries(signed.headers)) {
      // fetch sets Host from the URL itself; it is the same value that was signed.
      if (name.toLowerCase() !== "host") outgoing.set(name, value);
    }
    return await send(url, {
      method,
      headers: outgoing,
      ...(body === undefined ? {} : { body }),
      ...(init.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
    });
  };
  return signedFetch;
}
