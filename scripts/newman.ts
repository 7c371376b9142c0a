// `energy-coordination newman` (`npm run newman`) runs the Postman collection with newman (cli and junit reporters, junit in reports/newman.xml).
// Without arguments it boots the mock and a webhook receiver on free ports and runs against them; with
// `--environment FILE` and/or `--env-var baseUrl=... --env-var tokenUrl=...` it runs against that deployment.
// `--folder NAME` (repeatable, a folder or a request) runs only those, as newman's own flag does.
// Exits 1 on any failed assertion or request error.
import { parseArgs } from "node:util";
import { runCollection, startMock, type EnvVar } from "../postman/run.js";
import { flagProblem } from "../bin/usage.js";

/** Beside the caller, like the other reports: the package's own folder may be read-only once installed. */
const JUNIT_FILE = "reports/newman.xml";

function parseEnvVar(text: string): EnvVar {
  const at = text.indexOf("=");
  if (at <= 0) throw new UsageError(`--env-var takes key=value, got ${text}`);
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
    args: argv,
    options: {
      environment: { type: "string", short: "e" },
      "env-var": { type: "string", multiple: true },
      folder: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  } catch (e) {
    throw new UsageError(flagProblem(e));
  }
  const { values } = parsed;
  if (values.help) {
    console.log("Usage: energy-coordination newman [--environment postman/sandbox.postman_environment.json] [--env-var key=value ...] [--folder NAME ...]\n  (in this repository: npm run newman -- [flags])");
    return 0;
  }
  const envVars = (values["env-var"] ?? []).map(parseEnvVar);
  const deployment = values.environment !== undefined || envVars.some((v) => v.key === "baseUrl");
  const mock = deployment ? undefined : await startMock();
  try {
    const result = await runCollection({
      environment: values.environment,
      envVars: [...(mock?.envVars ?? []), ...envVars],
      reporters: ["cli", "junit"],
      junitFile: JUNIT_FILE,
      ...(values.folder ? { folder: values.folder } : {}),
    });
    const target = mock ? `the mock at ${mock.baseUrl}` : "the given deployment";
    console.log(`newman against ${target}: ${result.requests} requests, ${result.assertions} assertions, ${result.failures.length} failures (junit: reports/newman.xml)`);
    for (const f of result.failures) console.error(`  ${f.request}${f.test ? ` / ${f.test}` : ""}: ${f.message}`);
    return result.failures.length === 0 ? 0 : 1;
  } finally {
    await mock?.close();
  }
}

/** `energy-coordination newman`: resolves with the exit code (1 on any failed assertion or request error). */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    console.error(`newman: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}
