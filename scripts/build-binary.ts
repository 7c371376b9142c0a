// `npm run build:binary`: one executable file holding Node, the command (mock, contract suite, receiver, fuzzer) and
// the files it reads, for partners without Node: dist/energy-coordination-linux-x64 (Node's single executable
// applications: the command is bundled into one CommonJS script, the data files travel as assets, and postject writes
// the blob into a copy of this Node binary). Run after `npm run build`, whose JSON specs and viewer files it carries.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { build, type Plugin } from "esbuild";
import { BUILT_SPEC_JSON, builtJsonOf, SPEC_PATH } from "../spec/openapi.js";
import { CONTROL_SPEC_PATH, PROJECT_ROOT, projectPath } from "../spec/paths.js";
import { BUILT_VIEWER } from "../mock/ui/docs.js";
import { MANIFEST_ASSET } from "../bin/single-executable-manifest.js";

export const BINARY_PATH = projectPath("dist", `energy-coordination-${process.platform}-${process.arch}`);
const WORK = projectPath("dist", "binary");

/** What is left out of the executable, and what it says when asked for it (the npm package has them). */
const LEFT_OUT: Record<string, string> = {
  "redis/backends.js": "--store redis://… is not in the single executable; install the npm package (npx energy-coordination-toolkit) with ioredis and bullmq",
  "postman/run.js": "the newman runner is not in the single executable; install the npm package and newman",
};

const leaveOut: Plugin = {
  name: "leave-out",
  setup(b) {
    b.onResolve({ filter: /\/(redis\/backends|run)\.js$/ }, (args) => {
      const path = join(args.resolveDir, args.path);
      const key = Object.keys(LEFT_OUT).find((k) => path.endsWith(k.replace(/\.js$/, ".ts")) || path.endsWith(k));
      return key ? { path: key, namespace: "left-out" } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(LEFT_OUT[args.path])}), { code: "ERR_MODULE_NOT_FOUND" });`,
      loader: "js",
    }));
  },
};

/** The data files the command reads, relative to the package root: what the npm package ships outside its code. */
function dataFiles(): string[] {
  const inFolder = (folder: string, pattern: RegExp) => readdirSync(projectPath(folder)).filter((f) => pattern.test(f)).map((f) => `${folder}/${f}`);
  const files = [
    "package.json",
    relative(PROJECT_ROOT, SPEC_PATH),
    relative(PROJECT_ROOT, CONTROL_SPEC_PATH),
    "spec/upstream.lock.json",
    "spec/upstream-differences.yaml",
    // After the YAML, so that each JSON copy is unpacked as the newer of the two and is the one read.
    relative(PROJECT_ROOT, BUILT_SPEC_JSON),
    relative(PROJECT_ROOT, builtJsonOf(CONTROL_SPEC_PATH)),
    ...inFolder("mock/ui/docs", /\.(html|js)$/),
    ...inFolder("mock/ui/console", /\.(html|js|css)$/),
    ...readdirSync(BUILT_VIEWER).map((f) => relative(PROJECT_ROOT, join(BUILT_VIEWER, f))),
  ];
  for (const file of files) if (!existsSync(projectPath(file))) fail(`${file} is missing; run npm run build first`);
  return files;
}

function fail(message: string): never {
  process.stderr.write(`build:binary: ${message}\n`);
  process.exit(1);
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const script = join(WORK, "main.cjs");
await build({
  entryPoints: [projectPath("bin", "single-executable.ts")],
  bundle: true,
  minify: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // The bundled modules find their files through the unpacked root, never through their own location.
  define: { "import.meta.url": JSON.stringify("file:///energy-coordination/single-executable.cjs") },
  logLevel: "error",
  outfile: script,
  plugins: [leaveOut],
}).catch(() => fail("esbuild could not bundle the command (its errors are above)"));

const files = dataFiles();
const assets: Record<string, string> = Object.fromEntries(files.map((f) => [f, projectPath(f)]));
writeFileSync(join(WORK, MANIFEST_ASSET), JSON.stringify(files));
assets[MANIFEST_ASSET] = join(WORK, MANIFEST_ASSET);
const blob = join(WORK, "sea-prep.blob");
writeFileSync(join(WORK, "sea-config.json"), JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }));
execFileSync(process.execPath, ["--experimental-sea-config", join(WORK, "sea-config.json")], { stdio: ["ignore", "ignore", "inherit"] });

rmSync(BINARY_PATH, { force: true });
copyFileSync(process.execPath, BINARY_PATH);
chmodSync(BINARY_PATH, 0o755);
const postject = createRequire(import.meta.url).resolve("postject/dist/cli.js");
execFileSync(process.execPath, [postject, BINARY_PATH, "NODE_SEA_BLOB", blob, "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"], { stdio: ["ignore", "ignore", "inherit"] });
rmSync(WORK, { recursive: true, force: true });
console.log(`build:binary: ${relative(PROJECT_ROOT, BINARY_PATH)} written`);
