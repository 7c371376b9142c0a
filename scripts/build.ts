// `npm run build` (and `npm pack`'s prepack): compiles what users run to dist/ with tsc (JavaScript, .d.ts, source
// maps), adds the generated spec types that tsc does not copy, and writes the spec documents as JSON for a faster start-up.
// `--typecheck` (in `npm run checks`) also type-checks the rest of the project in the same compilation.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { build, type Plugin } from "esbuild";
import { load } from "js-yaml";
import type { ParsedCommandLine, SourceFile } from "typescript";
import { builtJsonOf, SPEC_PATH } from "../spec/openapi.js";
import { CONTROL_SPEC_PATH, projectPath } from "../spec/paths.js";
import { BUILT_VIEWER, installedViewer, VIEWER_FILES } from "../mock/ui/docs.js";

// Required rather than imported: an import of CommonJS first scans typescript.js (9 MB) for its exports, 0.8 s.
const ts: typeof import("typescript") = createRequire(import.meta.url)("typescript");

/**
 * iconv-lite's character set tables (two copies, 1.1 MB of the 2 MB bundle) are only read to decode a body in another
 * charset. The mock reads every body raw and accepts UTF-8 JSON only (another charset is a 415 before any decoding),
 * so the bundle gets a stand-in that says so if it is ever asked: half the code to compile at each start-up.
 */
const withoutCharsetTables: Plugin = {
  name: "without-charset-tables",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/encodings$/ }, (args) => (args.importer.includes("iconv-lite") ? { path: "encodings", namespace: "no-charset-tables" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "no-charset-tables" }, () => ({
      contents: "throw new Error('the mock decodes UTF-8 only: iconv-lite encodings are left out of its bundle');",
      loader: "js",
    }));
  },
};

/**
 * The Redis store is a chunk of its own (code splitting): start.ts imports it only for `--store redis://…`, so the
 * in-memory mock neither compiles nor keeps it, nor ioredis and BullMQ (16 MB of resident memory), which stay in
 * node_modules. What the store shares with the rest (ApiError, the webhook attempt, pagination…) is one copy in a
 * chunk both import: a store error is the same class as the renderer's, not a look-alike from dist/mock/.
 */
const REDIS_PACKAGES = ["ioredis", "bullmq"];

/**
 * npm installs express's, body-parser's and send's own copies of the same versions of mime-db (147 KB of data each),
 * mime-types, type-is, qs and a few more, nested because other packages hoist older majors. The bundle takes one
 * copy of each package at one version, so the data is compiled and built once instead of three times at start-up.
 */
const onePerVersion: Plugin = {
  name: "one-copy-per-version",
  setup(b) {
    const first = new Map<string, string>();
    b.onResolve({ filter: /^(mime-db|mime-types|type-is|media-typer|content-type|qs|iconv-lite)$/ }, async (args) => {
      if (args.pluginData === "one-copy-per-version") return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "one-copy-per-version" });
      const marker = `/node_modules/${args.path}/`;
      const at = resolved.path.lastIndexOf(marker);
      if (resolved.errors.length > 0 || at === -1) return undefined;
      const { version } = JSON.parse(readFileSync(resolved.path.slice(0, at + marker.length) + "package.json", "utf8")) as { version: string };
      const key = `${args.path}@${version}`;
      if (!first.has(key)) first.set(key, resolved.path);
      return { path: first.get(key)! };
    });
  },
};

/**
 * mime-types builds its extension and type tables from mime-db (~2,500 types, scored) when it is first required, and
 * express, send and type-is all require it at their top level: ~8 ms of every start-up. What the mock answers first
 * (a token, the API) never asks it anything, so the bundle gives those packages a stand-in that requires the real
 * one on first use (its /docs files and its error pages do). Runs before onePerVersion, which picks the copy.
 */
const lazyMimeTypes: Plugin = {
  name: "lazy-mime-types",
  setup(b) {
    b.onResolve({ filter: /^mime-types$/ }, async (args) => {
      // Its own resolution below, and onePerVersion's (which asks again with its own marker), get the real module.
      if (args.pluginData !== undefined) return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "lazy-mime-types" });
      if (real.errors.length > 0) return undefined;
      return { path: real.path, namespace: "lazy-mime-types" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-mime-types" }, (args) => ({
      loader: "js",
      resolveDir: projectPath(),
      contents: [
        "let real;",
        `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        "module.exports = {",
        "  lookup: (path) => load().lookup(path),",
        "  extension: (type) => load().extension(type),",
        "  contentType: (str) => load().contentType(str),",
        "  charset: (type) => load().charset(type),",
        "  get types() { return load().types; },",
        "  get extensions() { return load().extensions; },",
        "  get charsets() { return load().charsets; },",
        "};",
      ].join("\n"),
    }));
  },
};

function parseConfig(name: string): ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(projectPath(name), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!config) throw new Error(`${name}: cannot be read`);
  return config;
}

/**
 * What `tsc -p tsconfig.build.json` does, through tsc's API: type-checks and writes dist/, printing tsc's messages;
 * false when there were any. With `checkAll`, the same compilation also type-checks what tsconfig.json adds (tests,
 * scripts, with the build's compiler options), so each file is parsed and checked once rather than once here and
 * again by `tsc --noEmit` (`npm run typecheck`); it writes the same files, checked first in the same order.
 */
function compile(checkAll: boolean): boolean {
  const build = parseConfig("tsconfig.build.json");
  const host = ts.createCompilerHost(build.options);
  // Both programs below use the same parsed files.
  const parsed = new Map<string, SourceFile | undefined>();
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, ...rest) => {
    if (!parsed.has(fileName)) parsed.set(fileName, getSourceFile(fileName, ...rest));
    return parsed.get(fileName);
  };
  const built = ts.createProgram({ rootNames: build.fileNames, options: build.options, host, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(build) });
  let program = built;
  if (checkAll) {
    const all = parseConfig("tsconfig.json");
    const rootNames = [...new Set([...build.fileNames, ...all.fileNames])];
    program = ts.createProgram({ rootNames, options: build.options, host, configFileParsingDiagnostics: [...ts.getConfigFileParsingDiagnostics(build), ...ts.getConfigFileParsingDiagnostics(all)] });
  }
  const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  // What tsc -p tsconfig.build.json writes: its files and those they import, not the libraries'. They are checked
  // first and in tsc's order, so that the types their .d.ts spell out (a union's order) come out as tsc's.
  const emitted = built.getSourceFiles().filter((f) => !f.isDeclarationFile && !built.isSourceFileFromExternalLibrary(f));
  const emitting = new Set(emitted);
  const rest = program.getSourceFiles().filter((f) => !emitting.has(f));
  for (const file of [...emitted, ...rest]) diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  // A .d.ts that cannot be written (a type it cannot name) is an error of emitting it, as with tsc.
  for (const file of emitted) diagnostics.push(...program.emit(file).diagnostics);
  if (diagnostics.length === 0) return true;
  const sorted = ts.sortAndDeduplicateDiagnostics(diagnostics);
  process.stderr.write(ts.formatDiagnostics(sorted, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" }));
  process.stderr.write(`build: tsc found ${sorted.length} error(s) (above)\n`);
  return false;
}

const started = performance.now();
rmSync(projectPath("dist"), { recursive: true, force: true });
if (!compile(process.argv.includes("--typecheck"))) {
  // No half-built dist/ for the tests that reuse a built one.
  rmSync(projectPath("dist"), { recursive: true, force: true });
  process.exit(1);
}
const compiled = performance.now();
for (const types of ["schema.d.ts", "mock-control.d.ts"]) copyFileSync(projectPath("spec", types), projectPath("dist", "spec", types));
// The mock's entry as one file: express's dependency tree alone is ~300 modules to resolve and compile at start-up.
// swagger-ui-dist stays outside: /docs serves its files from where npm installed it. The Redis store is a chunk
// loaded on demand (see REDIS_PACKAGES).
try {
  await build({
    entryPoints: [projectPath("dist", "bin", "mock.js")],
    bundle: true,
    minify: process.env.BUILD_MINIFY !== "0",
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["swagger-ui-dist", ...REDIS_PACKAGES],
    splitting: true,
    outdir: projectPath("dist", "bin"),
    chunkNames: "mock-chunks/[name]-[hash]",
    allowOverwrite: true,
    logLevel: "warning",
    // Bundled CommonJS modules call require() for Node's own modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [lazyMimeTypes, onePerVersion, withoutCharsetTables],
  });
} catch {
  process.stderr.write("build: esbuild could not bundle dist/bin/mock.js (its errors are above)\n");
  process.exit(1);
}
// tsc's source map of the re-export no longer describes the bundled file.
rmSync(projectPath("dist", "bin", "mock.js.map"), { force: true });
for (const yaml of [SPEC_PATH, CONTROL_SPEC_PATH]) writeFileSync(builtJsonOf(yaml), JSON.stringify(load(readFileSync(yaml, "utf8"))));
// /docs's two Swagger UI files (and their licence) travel in the package, so swagger-ui-dist is a build-time dependency.
mkdirSync(BUILT_VIEWER, { recursive: true });
for (const file of [...VIEWER_FILES, "LICENSE", "NOTICE"]) copyFileSync(`${installedViewer()}/${file}`, `${BUILT_VIEWER}/${file}`);
const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
console.log(`build: dist/ written (tsc ${seconds(started, compiled)}, the rest ${seconds(compiled, performance.now())})`);
