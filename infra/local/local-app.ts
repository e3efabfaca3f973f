import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { makeLocalSecretBox } from "#functions/gateway/facility-secret-box";
import { migrateVisitShape } from "#functions/migrations/visit-shape-migration";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { RATE_LIMITS, type RateLimits } from "#infra/limits";
import { openApiDocument } from "#infra/openapi";
import { PROJECT_ROOT } from "#infra/project-root";
import { type FirstAdmin, startLocalSignIn } from "./auth/local-sign-in.ts";
import { startBackgroundJobs } from "./background-jobs.ts";
import { type DemoCertificate, storeDemoCertificate } from "./certificate-from-env.ts";
import { createMissingTables, enableTimeToLive } from "./create-tables.ts";
import {
  ensurePrivateFolder,
  installCredentials,
  type LocalCredentials,
  lockDown,
  migrateSharedDatabase,
} from "./data-folder.ts";
import { makeDemoCertificate } from "./demo-certificate.ts";
import { makeDevAuth } from "./dev-auth.ts";
import { type DynamoLocal, findFreePort, startDynamoLocal } from "./dynamo-local.ts";
import type { ExternalGateway } from "./external-gateway.ts";
import { loadHandlers } from "./function-handlers.ts";
import {
  externalGatewayEnvironment,
  LOCAL_GATEWAY_ACCOUNT,
  LOCAL_REGION,
  localEnvironment,
  localSubjectKey,
  mockSigningEnvironment,
  SHARED_LOCAL_CREDENTIALS,
} from "./local-env.ts";
import { makeRateLimiter } from "./rate-limiter.ts";
import { type SeedSize, seedIfEmpty } from "./seed/seed.ts";
import { type LocalServer, startLocalServer } from "./server.ts";
import {
  accountsTableDefinition,
  PROVIDER_STATE_TTL_ATTRIBUTE,
  providerStateTableDefinition,
  type TableNames,
  tableNames,
} from "./table-definitions.ts";
import { webDistOf } from "./web-build.ts";

export interface LocalAppOptions {
  readonly port: number;
  /** A loopback address to listen on (127.0.0.1 when absent); any other is refused. */
  readonly host?: string;
  /** Folder for the database and the local signing key; in memory when null. */
  readonly dataDir: string | null;
  /** Wipe the data folder first. */
  readonly fresh?: boolean;
  /** An already running DynamoDB Local to use instead of starting one (tests share one per run). */
  readonly dynamoEndpoint?: string;
  readonly tablePrefix?: string;
  readonly seed?: SeedSize;
  /** Demo check-ins to seed over the last 30 days (default 2,500 for the full seed, none for small). */
  readonly demoCheckins?: number;
  /** Re-check pending check-ins on a timer (ms); 0 disables it. */
  readonly reverifyEveryMs?: number;
  /** Roll the counters up on a timer (ms); 0 disables it (reports then read every day's counters). */
  readonly rollupEveryMs?: number;
  /** Send the waiting XML0s on a timer (ms); 0 or absent disables it. */
  readonly xml0EveryMs?: number;
  /** The demo facility's signing certificate (GATEWAY_CERTIFICATE), stored at start when given. */
  readonly certificate?: DemoCertificate;
  /** Another gateway to call (the real one, or a training gateway); the built-in mock when absent. */
  readonly gateway?: ExternalGateway;
  /** Extra settings for the functions, e.g. a shorter gateway timeout in tests. */
  readonly env?: Record<string, string>;
  readonly webRoot?: string | null;
  /** Why the pages may be missing (a failed or unfinished build), shown instead of them. */
  readonly pagesProblem?: () => string | null;
  /** Request limits; null turns them off (load tests measure the system, not the limiter). */
  readonly rateLimits?: RateLimits | null;
  readonly log?: (line: string) => void;
  /**
   * demo (the default): demo data, demo accounts and the demo sign-in (`/api/dev/token`, `?dev=`);
   * clinic: none of them, and the first start creates the first administrator.
   */
  readonly mode?: "demo" | "clinic";
  /** Lifetime of the local provider's ID and access tokens (an hour, as Cognito's). */
  readonly tokenSeconds?: number;
  /** Lifetime of its refresh tokens. */
  readonly refreshSeconds?: number;
  /** Lifetime of the refresh tokens of its devices' client (kiosk, waiting-room screen). */
  readonly deviceRefreshSeconds?: number;
}

export interface LocalApp {
  readonly url: string;
  readonly dynamo: { endpoint: string; pid: number | null };
  /** The gateway the functions call, and whether it is the built-in mock. */
  readonly gateway: { url: string; mock: boolean; username: string };
  readonly server: LocalServer;
  /** The local OpenID provider's issuer. */
  readonly issuer: string;
  /** The administrator a clinic's first start created, with its one-time password; null otherwise. */
  readonly firstAdmin: FirstAdmin | null;
  stop(): Promise<void>;
}

/**
 * Makes the data folder this account's alone (700, files 600) and answers the DynamoDB key to use:
 * the install's own one when this app keeps its database there, moving an older shared database
 * to it once.
 */
function prepareDataFolder(options: LocalAppOptions, log: (line: string) => void): LocalCredentials {
  if (options.dataDir === null) return SHARED_LOCAL_CREDENTIALS;
  ensurePrivateFolder(options.dataDir);
  if (options.dynamoEndpoint !== undefined) return SHARED_LOCAL_CREDENTIALS;
  const databaseDir = join(options.dataDir, "dynamodb");
  ensurePrivateFolder(databaseDir);
  const credentials = installCredentials(options.dataDir);
  const moved = migrateSharedDatabase(databaseDir, credentials, LOCAL_REGION);
  if (moved !== null) log(moved);
  lockDown(options.dataDir);
  return credentials;
}

/** The box that seals with the install's key, as the functions' own (localEnvironment set it). */
function installSecretBox() {
  return makeLocalSecretBox(Buffer.from(process.env.FACILITY_SECRET_KEY ?? "", "base64"));
}

/** Creates the tables that are missing and, for the demo, seeds them when they are empty. */
async function prepareTables(
  clients: ReturnType<typeof makeDynamoClients>,
  names: TableNames,
  localTables: readonly [CreateTableCommandInput, CreateTableCommandInput],
  options: LocalAppOptions,
  log: (line: string) => void,
): Promise<void> {
  const [, providerStateTable] = localTables;
  const created = await createMissingTables(clients.client, names, [...localTables]);
  if (created.length > 0) log(`created tables: ${created.join(", ")}`);
  // The sign-in's sessions and tokens expire by themselves once the table is new.
  const stateTable = providerStateTable.TableName ?? "";
  if (created.includes(stateTable)) {
    await enableTimeToLive(clients.client, stateTable, PROVIDER_STATE_TTL_ATTRIBUTE);
  }
  if ((options.mode ?? "demo") === "demo") {
    const seeded = await seedIfEmpty(clients.doc, names, options.seed ?? "full", new Date(), {
      ...(options.demoCheckins === undefined ? {} : { demoCheckins: options.demoCheckins }),
      log,
      // The functions' own key (localEnvironment): the seeded passwords open as the admin's would.
      secretBox: installSecretBox(),
    });
    if (seeded !== null) log(seeded);
  }
}

/**
 * A clinic's own database may hold visits stored before the minimised shape: bring them to it.
 * After the first start the checkpoints say it is done, and this reads a few small items.
 */
async function migrateStoredVisits(
  clients: ReturnType<typeof makeDynamoClients>,
  names: TableNames,
  credentials: LocalCredentials,
  log: (line: string) => void,
): Promise<void> {
  const hash = makeSubjectHasher(new Uint8Array(Buffer.from(localSubjectKey(credentials), "base64")));
  const config = {
    checkinsTable: names.checkins,
    idempotencyTable: names.idempotency,
    segments: 2,
    concurrency: 4,
    pageSize: 200,
  };
  const { counts } = await migrateVisitShape(clients.doc, config, hash, { dryRun: false, restart: false });
  const changed = counts.visits + counts.guards + counts.rememberedAnswers + counts.orphanAnswers;
  if (changed > 0)
    log(
      `brought ${counts.visits} visits, ${counts.guards} duplicate guards and ${counts.rememberedAnswers + counts.orphanAnswers} remembered answers stored before to the minimised shape`,
    );
}

/**
 * Runs the whole system in this process: DynamoDB Local, the tables, seed data, and the pages
 * and API served through the same Lambda handlers that the CDK stack deploys.
 */
export async function startLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const log = options.log ?? (() => undefined);
  if (options.fresh === true && options.dataDir !== null)
    rmSync(options.dataDir, { recursive: true, force: true });
  const port = options.port === 0 ? await findFreePort() : options.port;
  const credentials = prepareDataFolder(options, log);
  let dynamo: DynamoLocal | null = null;
  if (options.dynamoEndpoint === undefined) {
    dynamo = await startDynamoLocal(
      options.dataDir === null ? {} : { dataDir: join(options.dataDir, "dynamodb") },
    );
  }
  const endpoint = options.dynamoEndpoint ?? dynamo?.endpoint ?? "";
  const timers: NodeJS.Timeout[] = [];
  let server: LocalServer | null = null;
  const stop = async () => {
    for (const timer of timers) clearInterval(timer);
    await server?.close();
    await dynamo?.stop();
  };
  try {
    const names = tableNames(options.tablePrefix ?? "tiepdon-");
    const host = options.host ?? "127.0.0.1";
    const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    Object.assign(
      process.env,
      localEnvironment({ endpoint, names, baseUrl, credentials }),
      options.gateway === undefined
        ? mockSigningEnvironment(makeDemoCertificate(new Date()))
        : externalGatewayEnvironment(options.gateway),
      options.env ?? {},
    );
    const clients = makeDynamoClients(endpoint);
    const mode = options.mode ?? "demo";
    const accountsTable = accountsTableDefinition(options.tablePrefix ?? "tiepdon-");
    // Locally the admin function manages the provider's accounts table instead of a user pool.
    process.env.ACCOUNTS_TABLE = accountsTable.TableName;
    const providerStateTable = providerStateTableDefinition(options.tablePrefix ?? "tiepdon-");
    await prepareTables(clients, names, [accountsTable, providerStateTable], options, log);
    if (mode === "clinic") await migrateStoredVisits(clients, names, credentials, log);
    if (options.certificate !== undefined) {
      const subject = await storeDemoCertificate(
        clients.doc,
        names.gatewayAccounts,
        installSecretBox(),
        options.certificate,
      );
      log(`stored the signing certificate of facility 01001: ${subject}`);
    }
    const stateTable = providerStateTable.TableName ?? "";
    const signIn = await startLocalSignIn({
      doc: clients.doc,
      accountsTable: accountsTable.TableName ?? "",
      providerStateTable: stateTable,
      origin: baseUrl,
      keyFile: options.dataDir === null ? null : join(options.dataDir, "openid-signing-key.json"),
      cookieKeyFile: options.dataDir === null ? null : join(options.dataDir, "openid-cookie-keys.json"),
      mode,
      ...(options.tokenSeconds === undefined ? {} : { tokenSeconds: options.tokenSeconds }),
      ...(options.refreshSeconds === undefined ? {} : { refreshSeconds: options.refreshSeconds }),
      ...(options.deviceRefreshSeconds === undefined
        ? {}
        : { deviceRefreshSeconds: options.deviceRefreshSeconds }),
    });

    const { routes, gateway } = await loadHandlers(options.gateway === undefined);
    const auth =
      mode === "demo"
        ? await makeDevAuth(
            options.dataDir === null ? null : join(options.dataDir, "dev-signing-key.json"),
            options.gateway === undefined
              ? undefined
              : { name: options.gateway.clerkName, id: options.gateway.clerkId },
          )
        : null;
    const limiter = options.rateLimits === null ? null : makeRateLimiter(options.rateLimits ?? RATE_LIMITS);
    server = await startLocalServer({
      port,
      ...(options.host === undefined ? {} : { host: options.host }),
      routes,
      gateway,
      auth,
      openId: signIn.openId,
      openApi: openApiDocument(),
      webRoot: options.webRoot === undefined ? webDistOf(PROJECT_ROOT) : options.webRoot,
      ...(options.pagesProblem === undefined ? {} : { pagesProblem: options.pagesProblem }),
      ...(limiter === null
        ? {}
        : { admit: (principal, route) => limiter.admit(principal, route, Date.now()) }),
    });
    await startBackgroundJobs(options, timers, log);
    return {
      url: server.url,
      dynamo: { endpoint, pid: dynamo?.pid ?? null },
      gateway:
        options.gateway === undefined
          ? { url: `${server.url}/gateway`, mock: true, username: LOCAL_GATEWAY_ACCOUNT.username }
          : { url: options.gateway.baseUrl, mock: false, username: options.gateway.username },
      server,
      issuer: signIn.openId.issuer,
      firstAdmin: signIn.firstAdmin,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
