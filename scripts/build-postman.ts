// `npm run build:postman` writes the Postman collection from the spec; `-- --check` fails when the committed file
// is stale or misses an operation of the spec.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadSpec } from "../spec/openapi.js";
import { COLLECTION_FILE, buildCollection, serialize } from "../postman/collection.js";
import { collectionProblems } from "../postman/drift.js";

const file = fileURLToPath(new URL(`../${COLLECTION_FILE}`, import.meta.url));

try {
  const spec = loadSpec();
  if (process.argv.includes("--check")) {
    const problems = collectionProblems(existsSync(file) ? readFileSync(file, "utf8") : undefined, spec);
    for (const p of problems) console.error(`${COLLECTION_FILE}: ${p}`);
    if (problems.length) process.exit(1);
    console.log(`${COLLECTION_FILE} is up to date.`);
  } else {
    writeFileSync(file, serialize(buildCollection(spec)));
    console.log(`wrote ${COLLECTION_FILE}`);
  }
} catch (e) {
  console.error(`build:postman: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
