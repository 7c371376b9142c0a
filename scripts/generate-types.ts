// `npm run generate` writes spec/schema.d.ts from the spec; `-- --check` fails when the committed file is stale.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { SPEC_PATH } from "../spec/openapi.js";

const OUT = new URL("../spec/schema.d.ts", import.meta.url);
const HEADER = "// Generated from spec/energy-coordination.yaml by `npm run generate` (openapi-typescript). Do not edit.\n\n";

const ast = await openapiTS(pathToFileURL(SPEC_PATH));
const text = HEADER + astToString(ast);

if (process.argv.includes("--check")) {
  const current = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
  if (current !== text) {
    console.error("spec/schema.d.ts is stale: run `npm run generate` and commit the result.");
    process.exit(1);
  }
  console.log("spec/schema.d.ts is up to date.");
} else {
  writeFileSync(OUT, text);
  console.log("wrote spec/schema.d.ts");
}
