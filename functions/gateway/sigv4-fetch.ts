/**
 * A `fetch` that signs each request with AWS Signature Version 4, for calling the mock national
 * gateway through its IAM-authorised Lambda function URL. SigV4 owns the Authorization header;
 * the gateway's own tokens travel in the query string as they do everywhere, and are signed
 * with it.
 */
import { AwsV4Signer } from "aws4fetch";
import * as z from "zod";

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

/** 2015-08-30T12:36:00.000Z as SigV4 writes it: 20150830T123600Z. */
const amzDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

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

async function bodyText(body: RequestInit["body"]): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  return await new Response(body).text();
}

/** Builds a fetch that signs every request with SigV4 before sending it. */
export function makeSigV4Fetch(options: SigV4FetchOptions): typeof fetch {
  const send = options.fetch ?? globalThis.fetch;
  const credentials = options.credentials ?? (() => credentialsFromEnvironment());

  const signedFetch: typeof fetch = async (input, init = {}) => {
    const request = input instanceof Request ? input : null;
    const url = request?.url ?? input.toString();
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    const body = await bodyText(init.body ?? (request === null ? undefined : await request.text()));
    const headers = new Headers(init.headers ?? request?.headers);
    const signed = await new AwsV4Signer({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(await credentials()),
      service: options.service ?? "lambda",
      region: options.region,
      ...(options.now === undefined ? {} : { datetime: amzDate(options.now()) }),
    }).sign();
    return await send(signed.url, {
      method,
      headers: signed.headers,
      ...(body === undefined ? {} : { body }),
      ...(init.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
    });
  };
  return signedFetch;
}
