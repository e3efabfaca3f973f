import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "#infra/project-root";
import { API_ROUTES, FUNCTION_ENTRIES } from "#infra/routes";
import type { ApiOptions, LambdaHandler } from "./api-routes.ts";

/** Loads a function's handler from its entry file, as the CDK stack bundles it. */
export async function importHandler(entry: string): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(join(PROJECT_ROOT, entry)).href)) as { handler?: LambdaHandler };
  if (typeof module.handler !== "function") throw new Error(`${entry} exports no handler`);
  return module.handler;
}

/** Every API route with its handler, and the built-in gateway mock's handler unless another gateway is used. */
export async function loadHandlers(
  withGatewayMock: boolean,
): Promise<{ routes: ApiOptions["routes"]; gateway: LambdaHandler | null }> {
  const routes = await Promise.all(
    API_ROUTES.map(async (route) => ({
      route,
      handler: await importHandler(FUNCTION_ENTRIES[route.function]),
    })),
  );
  const gateway = withGatewayMock ? await importHandler(FUNCTION_ENTRIES["gateway-mock"]) : null;
  return { routes, gateway };
}
