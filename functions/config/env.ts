import type { z } from "zod";

/** Reads one required setting; a missing one fails at cold start, never silently later. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`Missing required setting ${name}`);
  return value;
}

/** Parses a group of settings with one schema so every function reads its config the same way. */
export function readConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new Error(`Invalid or missing settings: ${names}`);
  }
  return result.data;
}

/** Memoises a config reader so it runs once per container. */
export function once<T>(read: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: read() };
    return value.v;
  };
}
