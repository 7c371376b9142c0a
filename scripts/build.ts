// `npm run build` (and `npm pack`'s prepack): compiles what users run to dist/ with tsc (JavaScript, .d.ts, source
// maps), adds the generated spec types that tsc does not copy, and writes the spec documents as JSON for a faster start-up.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { build, type Plugin } from "esbuild";
import { load } from "js-yaml";
import { builtJsonOf, SPEC_PATH } from "../spec/openapi.js";
import { CONTROL_SPEC_PATH, projectPath } from "../spec/paths.js";
import { BUILT_VIEWER, installedViewer, VIEWER_FILES } from "../mock/ui/docs.js";

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
    plugins: [onePerVersion, withoutCharsetTables],
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
console.log("build: dist/ written");
