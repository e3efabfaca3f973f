import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { z } from "zod";

/** One DynamoDB request as it went on the wire: the low-level command and its marshalled input. */
export interface RecordedCommand {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/** Read and write capacity DynamoDB reported, summed. */
export interface Capacity {
  readonly read: number;
  readonly write: number;
}

/** What the meter saw since it was last taken. */
export interface MeterTake {
  /** Requests per low-level command name (GetItem, TransactWriteItems, ...). */
  readonly counts: Record<string, number>;
  readonly recorded: RecordedCommand[];
  readonly capacity: Capacity;
}

const capacitySchema = z.object({
  CapacityUnits: z.number().optional(),
  ReadCapacityUnits: z.number().optional(),
  WriteCapacityUnits: z.number().optional(),
});
const outputSchema = z.looseObject({
  ConsumedCapacity: z.union([capacitySchema, z.array(capacitySchema)]).optional(),
});

const READS = /^(BatchGetItem|GetItem|Query|Scan|TransactGetItems)$/;

/** Document-client command names mapped to the DynamoDB API operation they send. */
function operationOf(commandName: string): string {
  const name = commandName.replace(/Command$/, "");
  const documentNames: Record<string, string> = {
    BatchGet: "BatchGetItem",
    BatchWrite: "BatchWriteItem",
    Get: "GetItem",
    Put: "PutItem",
    Update: "UpdateItem",
    Delete: "DeleteItem",
    TransactGet: "TransactGetItems",
    TransactWrite: "TransactWriteItems",
  };
  return documentNames[name] ?? name;
}

/**
 * Installs a counting middleware on a DynamoDB client (document clients built on it included).
 * Counting is always on and cheap; recording the marshalled inputs and asking DynamoDB for
 * ReturnConsumedCapacity are switched on only for the sequential phase, never under load.
 */
export function installDynamoMeter(client: DynamoDBClient) {
  let counts: Record<string, number> = {};
  let recorded: RecordedCommand[] = [];
  let capacity = { read: 0, write: 0 };
  let recording = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(String(context.commandName ?? "Unknown"));
      counts[operation] = (counts[operation] ?? 0) + 1;
      if (recording) Object.assign(args.input as object, { ReturnConsumedCapacity: "TOTAL" });
      const result = await next(args);
      if (recording) {
        const parsed = outputSchema.safeParse(result.output);
        const consumed = parsed.success ? parsed.data.ConsumedCapacity : undefined;
        for (const item of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
          const read = item.ReadCapacityUnits ?? (READS.test(operation) ? (item.CapacityUnits ?? 0) : 0);
          const write = item.WriteCapacityUnits ?? (READS.test(operation) ? 0 : (item.CapacityUnits ?? 0));
          capacity = { read: capacity.read + read, write: capacity.write + write };
        }
      }
      return result;
    },
    { step: "initialize", name: "benchDynamoCounter", priority: "high" },
  );
  // At the build step the document client has marshalled the input: this is what a raw client sends.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (recording) {
        const input = structuredClone(args.input as Record<string, unknown>);
        delete input.ReturnConsumedCapacity;
        recorded.push({ command: operationOf(String(context.commandName ?? "Unknown")), input });
      }
      return next(args);
    },
    { step: "build", name: "benchDynamoRecorder" },
  );
  return {
    setRecording(on: boolean): void {
      recording = on;
    },
    /** Returns what was seen since the last take and starts afresh. */
    take(): MeterTake {
      const taken = { counts, recorded, capacity };
      counts = {};
      recorded = [];
      capacity = { read: 0, write: 0 };
      return taken;
    },
  };
}
