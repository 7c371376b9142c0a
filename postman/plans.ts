// Short plans of the collection, for runs that need only some of its requests (the defect runs of defects.test.ts):
// which requests call an operation (read from a run's requests, the scripts' read-backs and checks included), which
// requests a request needs before it (the ids it reads, and the state a few need), and a copy of the collection that
// holds only the requests of a plan. A test helper: no test framework.
import { readFileSync } from "node:fs";
import { operationOf } from "../contract-tests/defects.js";
import { QUICKSTART_FOLDER } from "./collection.js";
import { COLLECTION_PATH, type SentRequest } from "./run.js";

interface Script {
  listen: string;
  script: { exec: string[] };
}

export interface CollectionItem {
  name: string;
  request?: unknown;
  event?: Script[];
}

export interface CollectionFolder {
  name: string;
  item: CollectionItem[];
}

/** The parts of a collection (format v2.1) a plan reads; the rest is kept as it is. */
export interface CollectionJson {
  item: CollectionFolder[];
  /** The collection's own scripts (the token script, the checks every request gets). */
  event?: Script[];
  /** The collection's variables with their values in the file. */
  variable?: { key: string; value?: unknown }[];
}

let committed: CollectionJson | undefined;

/** The committed collection, parsed once per process (callers must not change it). */
export function committedCollection(): CollectionJson {
  committed ??= JSON.parse(readFileSync(COLLECTION_PATH, "utf8")) as CollectionJson;
  return committed;
}

/** The requests a plan may hold, in run order: every folder's but the Quickstart's (it repeats the tag folders' calls). */
export const planItems = (collection: CollectionJson): CollectionItem[] => collection.item.filter((f) => f.name !== QUICKSTART_FOLDER).flatMap((f) => f.item);

/**
 * Requests that need another's state without reading an id it set: eligibility comes from a location in a test
 * area, so the Spark Program's checks of the run's users need their locations.
 */
const STATE_NEEDS: Record<string, string[]> = {
  GetUserEligibilityByUserId: ["PostLocation"],
  GetMpidEligibility: ["PostLocation"],
  PostUserEnrollment: ["PostLocation"],
  GetEligibleUsers: ["PostLocation", "PostLocations"],
  FetchUserCompensation: ["PostUserEnrollment"],
  // The delete's read-back says "not enrolled", which holds without an enrolment to delete.
  DeleteUserEnrollment: ["PostUserEnrollment"],
};

const scriptText = (item: CollectionItem) => [JSON.stringify(item.request ?? {}), ...(item.event ?? []).map((e) => e.script.exec.join("\n"))].join("\n");
const matches = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]!));

const SETS = /collectionVariables\.set\("(\w+)"/g;

/**
 * The requests each request needs before it: the first that sets a variable it reads (a fresh id, a kept value,
 * a remembered body; see step.ts and the library's remember()), and those of STATE_NEEDS. The variables the
 * collection's own scripts set (the cached tokens) are nobody's.
 */
export function needs(collection: CollectionJson): Map<string, Set<string>> {
  const items = planItems(collection);
  const own = matches((collection.event ?? []).map((e) => e.script.exec.join("\n")).join("\n"), SETS);
  const setter = new Map<string, string>();
  const result = new Map<string, Set<string>>();
  for (const item of items) {
    const text = scriptText(item);
    const sets = new Set([...matches(text, SETS), ...matches(text, /\bremember\("(\w+)"/g)].filter((v) => !own.has(v)));
    const reads = [...matches(text, /\{\{(\w+)\}\}/g), ...matches(text, /collectionVariables\.get\("(\w+)"\)/g), ...matches(text, /\bremembered\("(\w+)"/g)];
    const needed = new Set([...reads.filter((v) => !sets.has(v)).flatMap((v) => setter.get(v) ?? []), ...(STATE_NEEDS[item.name] ?? [])]);
    result.set(item.name, needed);
    for (const v of sets) if (!setter.has(v)) setter.set(v, item.name);
  }
  return result;
}

/** Which operations each request called, its scripts' requests included, from what a run sent. */
export function callsOf(sent: readonly SentRequest[]): Map<string, Set<string>> {
  const calls = new Map<string, Set<string>>();
  for (const s of sent) {
    const url = new URL(s.url);
    const operationId = operationOf({ method: s.method, url: `${url.pathname}${url.search}` })?.operationId;
    if (!operationId) continue;
    const set = calls.get(s.item) ?? new Set<string>();
    set.add(operationId);
    calls.set(s.item, set);
  }
  return calls;
}

/** The requests `names` need, transitively, with them, in run order. */
export function withNeeds(collection: CollectionJson, names: Iterable<string>): string[] {
  const direct = needs(collection);
  const plan = new Set<string>();
  const add = (name: string) => {
    if (plan.has(name)) return;
    plan.add(name);
    for (const n of direct.get(name) ?? []) add(n);
  };
  for (const n of names) add(n);
  return planItems(collection).map((i) => i.name).filter((n) => plan.has(n));
}

/** The collection with only the named requests (in its order; folders left empty go). */
export function pruned(collection: CollectionJson, names: readonly string[]): CollectionJson {
  const keep = new Set(names);
  const item = collection.item.map((f) => ({ ...f, item: f.item.filter((i) => keep.has(i.name)) })).filter((f) => f.item.length > 0);
  return { ...collection, item };
}

/** The name of the request startingAfresh() puts first. */
const AFRESH = "(start afresh)";

/**
 * The collection with a first request that sends nothing and sets the collection's variables back to their values
 * in the file (the cached tokens and every id of the run go), so that each of several iterations of one newman run
 * starts as a run of its own does.
 */
export function startingAfresh(collection: CollectionJson): CollectionJson {
  const values = Object.fromEntries((collection.variable ?? []).map((v) => [v.key, v.value ?? ""]));
  const exec = [
    "pm.collectionVariables.clear();",
    `(function (values) { Object.keys(values).forEach(function (key) { pm.collectionVariables.set(key, values[key]); }); })(${JSON.stringify(values)});`,
    "pm.execution.skipRequest();",
  ];
  // "No Auth": the collection's token script leaves the request alone.
  const item: CollectionItem = { name: AFRESH, request: { method: "GET", url: "{{baseUrl}}", auth: { type: "noauth" } }, event: [{ listen: "prerequest", script: { exec } }] };
  return { ...collection, item: [{ name: AFRESH, item: [item] }, ...collection.item] };
}
