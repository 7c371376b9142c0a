// `npm run build` (and `npm pack`'s prepack): compiles what users run to dist/ with tsc (JavaScript, .d.ts, source
// maps), adds the generated spec types that tsc does not copy, and writes the spec as JSON for a faster start-up.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { load } from "js-yaml";
import { BUILT_SPEC_JSON, SPEC_PATH } from "../spec/openapi.js";
import { projectPath } from "../spec/paths.js";

rmSync(projectPath("dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-p", projectPath("tsconfig.build.json")], { stdio: "inherit" });
} catch {
  process.stderr.write("build: tsc failed (its errors are above)\n");
  process.exit(1);
}
for (const types of ["schema.d.ts", "mock-control.d.ts"]) copyFileSync(projectPath("spec", types), projectPath("dist", "spec", types));
writeFileSync(BUILT_SPEC_JSON, JSON.stringify(load(readFileSync(SPEC_PATH, "utf8"))));
console.log("build: dist/ written");
