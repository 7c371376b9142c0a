// Whether the committed collection is what the build makes from the spec, and holds every operation of it.
import type { JsonObject, Spec } from "../spec/openapi.js";
import { CLEANUP_FOLDER, QUICKSTART_FOLDER, buildCollection, serialize } from "./collection.js";

/** Names of the requests in the tag folders (the Quickstart's and the clean-up's names are not operationIds). */
export function requestNames(collection: JsonObject): Set<string> {
  const names = new Set<string>();
  const folders = Array.isArray(collection.item) ? (collection.item as JsonObject[]) : [];
  for (const folder of folders) {
    if (folder.name === QUICKSTART_FOLDER || folder.name === CLEANUP_FOLDER) continue;
    for (const item of Array.isArray(folder.item) ? (folder.item as JsonObject[]) : []) names.add(String(item.name));
  }
  return names;
}

/** What is wrong with the committed collection text, one line each; empty when it is up to date. */
export function collectionProblems(committed: string | undefined, spec: Spec): string[] {
  if (committed === undefined) return ["the collection file is missing: run `npm run build:postman` and commit it"];
  const problems: string[] = [];
  let parsed: JsonObject = {};
  try {
    parsed = JSON.parse(committed) as JsonObject;
  } catch (e) {
    problems.push(`the collection is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const names = requestNames(parsed);
  const missing = spec.operations.filter((op) => !op.webhook && !names.has(op.operationId)).map((op) => op.operationId);
  if (missing.length) problems.push(`operations of the spec missing from the collection: ${missing.join(", ")}`);
  if (committed !== serialize(buildCollection(spec))) problems.push("the collection differs from what the spec builds: run `npm run build:postman` and commit it");
  return problems;
}
