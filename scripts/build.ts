// `npm run build` (and `npm pack`'s prepack): compiles what users run to dist/ with tsc (JavaScript, .d.ts, source
// maps), adds the generated spec types that tsc does not copy, and writes the spec documents as JSON for a faster start-up.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { load } from "js-yaml";
import { builtJsonOf, SPEC_PATH } from "../spec/openapi.js";
import { CONTROL_SPEC_PATH, projectPath } from "../spec/paths.js";

rmSync(projectPath("dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
try {
  execFileSync(process.execPath, [tsc, "-p", projectPath("tsconfig.build.json")], { stdio: "inherit" });
} catch {
  process.stderr.write("build: tsc failed (its errors are above)\n");
  process.exit(1);
}
for (const types of ["schema.d.ts", "mock-control.d.ts"]) copyFileSync(projectPath("spec", types), projectPath("dist", "spec", types));
// The mock's entry as one file: express's dependency tree alone is ~300 modules to resolve and compile at start-up.
// swagger-ui-dist stays outside: /docs serves its files from where npm installed it.
const esbuild = createRequire(import.meta.url).resolve("esbuild/bin/esbuild");
try {
  execFileSync(esbuild, [
    projectPath("dist", "bin", "mock.js"),
    "--bundle",
    "--minify",
    "--platform=node",
    "--format=esm",
    "--target=node20",
    "--external:swagger-ui-dist",
    "--allow-overwrite",
    "--log-level=warning",
    // Bundled CommonJS modules call require() for Node's own modules.
    "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    `--outfile=${projectPath("dist", "bin", "mock.js")}`,
  ], { stdio: "inherit" });
} catch {
  process.stderr.write("build: esbuild could not bundle dist/bin/mock.js (its errors are above)\n");
  process.exit(1);
}
// tsc's source map of the re-export no longer describes the bundled file.
rmSync(projectPath("dist", "bin", "mock.js.map"), { force: true });
for (const yaml of [SPEC_PATH, CONTROL_SPEC_PATH]) writeFileSync(builtJsonOf(yaml), JSON.stringify(load(readFileSync(yaml, "utf8"))));
console.log("build: dist/ written");
