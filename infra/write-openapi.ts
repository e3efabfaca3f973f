/** `npm run openapi`: writes docs/openapi.json from the contract's schemas. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiText } from "./openapi.ts";

const target = fileURLToPath(new URL("../docs/openapi.json", import.meta.url));
writeFileSync(target, openApiText());
console.log(`wrote ${target.slice(target.lastIndexOf("docs/"))}`);
