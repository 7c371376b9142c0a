// `energy-coordination check-upstream [FILE_OR_URL]` (`npm run check:upstream --`): reads a vendor document
// (OpenAPI 3.0.x or 3.1, JSON or YAML, file or URL; default the vendor's published one), says whether it differs from
// the upstream lock (the vendor changed something) and lists where it and our spec differ, failing on any difference
// that spec/upstream-differences.yaml does not name as intentional. `--lock` compares our spec with the lock alone,
// offline: that is what `npm test` runs.
import { existsSync, readFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { parseArgs } from "node:util";
import { load as parse } from "js-yaml";
import { SPEC_PATH, type JsonObject } from "../spec/openapi.js";
import { projectPath } from "../spec/paths.js";
import { compareDocuments, type Difference } from "./upstream/compare.js";
import { fromLock, LOCK_PATH, readLock, sha256, toLock, writeLock } from "./upstream/lock.js";
import { normalize, type DocumentShape } from "./upstream/normalize.js";
import { flagProblem } from "../bin/usage.js";

/** Where the vendor publishes its OpenAPI document for the sandbox. */
export const DEFAULT_UPSTREAM = "https://api.sandbox.voluespark.com/energy-coordination/swagger/v1/swagger.json";
export const ALLOWLIST_PATH = projectPath("spec", "upstream-differences.yaml");

/** A mistake in how the command was called, or a source it cannot use: one line, exit 2. */
export class UsageError extends Error {}

export interface Allowed {
  match: string;
  reason: string;
}

export interface CheckResult {
  differences: (Difference & { reason?: string })[];
  unexpected: Difference[];
  /** Allow-list entries that matched nothing: the vendor may have fixed what they describe. */
  unused: Allowed[];
}

const pattern = (match: string) => new RegExp(`^${match.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

export function loadAllowlist(file: string = ALLOWLIST_PATH): Allowed[] {
  const list: unknown = parse(readFileSync(file, "utf8"));
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of {match, reason}`);
  return list.map((entry, i) => {
    const e = entry as Partial<Allowed>;
    if (typeof e.match !== "string" || typeof e.reason !== "string" || e.reason.trim() === "") throw new Error(`${file}: entry ${i + 1} needs a match and a one-line reason`);
    return { match: e.match, reason: e.reason };
  });
}

export function parseDocument(text: string, source: string): JsonObject {
  let doc: unknown;
  try {
    doc = parse(text); // YAML is a superset of JSON
  } catch (e) {
    throw new UsageError(`${source}: neither JSON nor YAML (${(e as Error).message.split("\n")[0]})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new UsageError(`${source}: not an OpenAPI document`);
  return doc as JsonObject;
}

export async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(15_000) });
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
      throw new UsageError(`cannot reach ${source} (${cause}); offline, give the document as a file, or compare our spec with the lock alone: --lock`);
    }
    if (!res.ok) throw new UsageError(`${source}: HTTP ${res.status}`);
    return res.text();
  }
  if (!existsSync(source)) throw new UsageError(`${source}: no such file (give a path or URL: energy-coordination check-upstream FILE_OR_URL)`);
  return readFileSync(source, "utf8");
}

/** Normalizes a parsed document; a document that is not OpenAPI 3.0 or 3.1 is a UsageError naming the source. */
export function shapeOf(doc: JsonObject, source: string): DocumentShape {
  try {
    return normalize(doc);
  } catch (e) {
    throw new UsageError(`${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Compares a vendor document (normalized, or from the lock) with ours and sorts the differences into intentional and unexpected. */
export function checkUpstream(upstream: DocumentShape, ours: DocumentShape, allowlist: Allowed[]): CheckResult {
  const differences = compareDocuments(upstream, ours);
  const rules = allowlist.map((a) => ({ ...a, re: pattern(a.match), used: false }));
  const out: CheckResult["differences"] = [];
  const unexpected: Difference[] = [];
  for (const d of differences) {
    const rule = rules.find((r) => r.re.test(d.key));
    if (rule) {
      rule.used = true;
      out.push({ ...d, reason: rule.reason });
    } else {
      out.push(d);
      unexpected.push(d);
    }
  }
  return { differences: out, unexpected, unused: rules.filter((r) => !r.used).map(({ match, reason }) => ({ match, reason })) };
}

/** What changed from the lock to a newer document, in the lock's terms ("the document has X that the lock lacks"). */
export function changesFromLock(lock: DocumentShape, doc: DocumentShape): Difference[] {
  const relabel = (text: string) =>
    text
      .replace(/\bthat we lack\b/g, "that the lock lacks")
      .replace(/\bwe have\b/g, "the lock has")
      .replace(/\bupstream\b/g, "the document")
      .replace(/\bours\b/g, "the lock");
  return compareDocuments(doc, lock).map((d) => ({ ...d, key: relabel(d.key), change: relabel(d.change) }));
}

function group(diffs: Difference[]): string[] {
  const lines: string[] = [];
  let subject = "";
  for (const d of diffs) {
    if (d.subject !== subject) {
      subject = d.subject;
      lines.push(`  ${subject}`);
    }
    lines.push(`    ${d.change}`);
  }
  return lines;
}

export const HELP = `Usage: energy-coordination check-upstream [FILE_OR_URL] [flags]   (in this repository: npm run check:upstream -- ...)

Compares a vendor OpenAPI document (3.0 or 3.1, JSON or YAML, file or URL) with the upstream lock
(spec/upstream.lock.json: did the vendor change something?) and with our spec (is every difference intentional?).
  FILE_OR_URL        the vendor document (default ${DEFAULT_UPSTREAM})
  --lock             compare our spec with the lock alone, offline (what npm test runs)
  --update-lock      rewrite the lock from the document
  --lock-file FILE   another lock file (default spec/upstream.lock.json)
  --all              also list the intentional differences
  --json             print the result as JSON`;

const shortPath = (file: string) => (relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file));

function printResult(result: CheckResult, all: boolean): void {
  const intentional = result.differences.filter((d) => d.reason !== undefined);
  if (all && intentional.length > 0) {
    console.log(`\nIntentional differences (${intentional.length}):`);
    console.log(group(intentional).join("\n"));
  }
  for (const u of result.unused) console.log(`note: no difference matches the allow-list entry "${u.match}" (the vendor may have changed it)`);
  if (result.unexpected.length > 0) {
    console.error(`\n✗ ${result.unexpected.length} difference(s) not in spec/upstream-differences.yaml:`);
    console.error(group(result.unexpected).join("\n"));
    console.error("\nUpdate spec/energy-coordination.yaml to follow the vendor, or add an entry with a reason to spec/upstream-differences.yaml.");
  } else {
    console.log(`✓ no unexpected differences (${intentional.length} intentional, listed in spec/upstream-differences.yaml; --all shows them)`);
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        lock: { type: "boolean", default: false },
        "update-lock": { type: "boolean", default: false },
        "lock-file": { type: "string" },
        all: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(flagProblem(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`give one document, got ${positionals.length}: ${positionals.join(" ")}`);
  if (values.lock && (positionals.length > 0 || values["update-lock"])) throw new UsageError("--lock compares our spec with the lock alone: leave out FILE_OR_URL and --update-lock");
  const lockFile = values["lock-file"] ?? LOCK_PATH;
  const ours = shapeOf(parseDocument(readFileSync(SPEC_PATH, "utf8"), SPEC_PATH), SPEC_PATH);
  const allowlist = loadAllowlist();

  if (values.lock) {
    const lock = readLock(lockFile);
    const result = checkUpstream(fromLock(lock), ours, allowlist);
    if (values.json) console.log(JSON.stringify({ lock: { file: lockFile, source: lock.source, lockedAt: lock.lockedAt, sha256: lock.sha256 }, ...result }, null, 2));
    else {
      console.log(`Comparing the upstream lock ${shortPath(lockFile)} (${lock.source}, locked ${lock.lockedAt.slice(0, 10)}, sha256 ${lock.sha256.slice(0, 12)}…)\n     with ${shortPath(SPEC_PATH)}`);
      printResult(result, values.all);
    }
    return result.unexpected.length > 0 ? 1 : 0;
  }

  const source = positionals[0] ?? DEFAULT_UPSTREAM;
  const text = await readSource(source);
  const shape = shapeOf(parseDocument(text, source), source);
  const digest = sha256(text);
  let lockChanges: Difference[] = [];
  let lockState: string;
  if (values["update-lock"]) {
    const label = /^https?:\/\//.test(source) ? source : basename(source);
    writeLock(toLock(shape, { source: label, lockedAt: new Date().toISOString(), sha256: digest }), lockFile);
    lockState = `wrote ${shortPath(lockFile)} (${shape.operations.size} operations, ${shape.schemas.size} schemas, sha256 ${digest.slice(0, 12)}…)`;
  } else {
    const lock = readLock(lockFile);
    lockChanges = changesFromLock(fromLock(lock), shape);
    lockState =
      lock.sha256 === digest
        ? `the same document as the lock (sha256 ${digest.slice(0, 12)}…)`
        : lockChanges.length === 0
          ? `other bytes than the lock's (sha256 ${digest.slice(0, 12)}… vs ${lock.sha256.slice(0, 12)}…), the same structure`
          : `✗ ${lockChanges.length} change(s) since the lock (${lock.source}, locked ${lock.lockedAt.slice(0, 10)})`;
  }
  const result = checkUpstream(shape, ours, allowlist);
  if (values.json) {
    console.log(JSON.stringify({ lock: { file: lockFile, changes: lockChanges, updated: values["update-lock"] }, ...result }, null, 2));
  } else {
    console.log(`Comparing ${source}\n     with ${shortPath(SPEC_PATH)} and the upstream lock`);
    console.log(`Lock: ${lockState}`);
    if (lockChanges.length > 0) {
      console.error(group(lockChanges).join("\n"));
      console.error("The vendor changed its document: review the changes, follow them in our spec where they apply, then --update-lock.");
    }
    printResult(result, values.all);
  }
  return result.unexpected.length > 0 || lockChanges.length > 0 ? 1 : 0;
}

/** `energy-coordination check-upstream`: 0 when nothing unexpected differs, 1 when something does, 2 on bad usage or an unreadable source. */
export async function run(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    console.error(`check-upstream: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}
