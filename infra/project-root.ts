import { fileURLToPath } from "node:url";

/** The repository's top folder: where the handlers' sources, the web build and the data folder are found. */
export const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));
