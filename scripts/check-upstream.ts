// `npm run check:upstream [-- FILE_OR_URL] [--all] [--json]`: lists where a vendor document (OpenAPI 3.0.x or
// 3.1, JSON or YAML, file or URL) and our spec differ, and fails on any difference that
// spec/upstream-differences.yaml does not name as intentional.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { SPEC_PATH, type JsonObject } from "../spec/openapi.js";
import { compareDocuments, type Difference } from "./upstream/compare.js";
import { normalize } from "./upstream/normalize.js";

export const DEFAULT_UPSTREAM = fileURLToPath(new URL("../../shared/reference/upstream/ec-sandbox-openapi.2026-01-20.json", import.meta.url));
export const ALLOWLIST_PATH = fileURLToPath(new URL("../spec/upstream-differences.yaml", import.meta.url));

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
    throw new Error(`${source}: neither JSON nor YAML (${(e as Error).message.split("\n")[0]})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error(`${source}: not an OpenAPI document`);
  return doc as JsonObject;
}

export async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
    return res.text();
  }
  if (!existsSync(source)) throw new Error(`${source}: no such file (give a path or URL: npm run check:upstream -- FILE_OR_URL)`);
  return readFileSync(source, "utf8");
}

/** Compares a vendor document with ours and sorts the differences into intentional and unexpected. */
export function checkUpstream(upstream: JsonObject, ours: JsonObject, allowlist: Allowed[]): CheckResult {
  const differences = compareDocuments(normalize(upstream), normalize(ours));
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

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { all: { type: "boolean", default: false }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    console.log("usage: npm run check:upstream [-- FILE_OR_URL] [--all] [--json]\n  default: the vendor document in ../shared/reference/upstream/\n  --all   also list the intentional differences\n  --json  print the result as JSON");
    return 0;
  }
  const source = positionals[0] ?? DEFAULT_UPSTREAM;
  const result = checkUpstream(parseDocument(await readSource(source), source), parseDocument(readFileSync(SPEC_PATH, "utf8"), SPEC_PATH), loadAllowlist());
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return result.unexpected.length > 0 ? 1 : 0;
  }
  const intentional = result.differences.filter((d) => d.reason !== undefined);
  console.log(`Comparing ${source}\n     with ${SPEC_PATH}`);
  if (values.all && intentional.length > 0) {
    console.log(`\nIntentional differences (${intentional.length}):`);
    console.log(group(intentional).join("\n"));
  }
  for (const u of result.unused) console.log(`note: no difference matches the allow-list entry "${u.match}" (the vendor may have changed it)`);
  if (result.unexpected.length > 0) {
    console.error(`\n✗ ${result.unexpected.length} difference(s) not in spec/upstream-differences.yaml:`);
    console.error(group(result.unexpected).join("\n"));
    console.error("\nUpdate spec/energy-coordination.yaml to follow the vendor, or add an entry with a reason to spec/upstream-differences.yaml.");
    return 1;
  }
  console.log(`✓ no unexpected differences (${intentional.length} intentional, listed in spec/upstream-differences.yaml; --all shows them)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`check:upstream: ${(e as Error).message}`);
      process.exit(2);
    },
  );
}
