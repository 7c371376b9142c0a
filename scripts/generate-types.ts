// `npm run generate` writes the TypeScript types of each spec (openapi-typescript); `-- --check` fails when a
// committed file is stale.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { SPEC_PATH } from "../spec/openapi.js";
import { CONTROL_SPEC_PATH } from "../spec/paths.js";

const TARGETS = [
  { spec: SPEC_PATH, name: "spec/energy-coordination.yaml", out: "spec/schema.d.ts" },
  { spec: CONTROL_SPEC_PATH, name: "spec/mock-control.yaml", out: "spec/mock-control.d.ts" },
];

/** Writes each spec's types or, with `check`, compares them with the committed files; false when one is stale. */
export async function generateTypes(check: boolean): Promise<boolean> {
  let stale = false;
  for (const { spec, name, out } of TARGETS) {
    const file = new URL(`../${out}`, import.meta.url);
    const header = `// Generated from ${name} by \`npm run generate\` (openapi-typescript). Do not edit.\n\n`;
    const text = header + astToString(await openapiTS(pathToFileURL(spec)));
    if (check) {
      const current = existsSync(file) ? readFileSync(file, "utf8") : "";
      if (current !== text) {
        console.error(`${out} is stale: run \`npm run generate\` and commit the result.`);
        stale = true;
      } else console.log(`${out} is up to date.`);
    } else {
      writeFileSync(file, text);
      console.log(`wrote ${out}`);
    }
  }
  return !stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!(await generateTypes(process.argv.includes("--check")))) process.exit(1);
}
