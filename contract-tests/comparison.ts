// Compares what the target sends back with what the suite sent: every sent field must come back equal.
import type { ValidationIssue } from "../spec/validators.js";
import { fail, type Checked } from "./client.js";

const show = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));
const escape = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** `/payloads/0/points` → `body.payloads[0].points`, as the spec validators name fields. */
const fieldOf = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : `${acc}.${p}`), "body");

/**
 * The fields of `sent` that `received` does not echo, each named by its JSON pointer. Objects are compared on the
 * sent keys only (the target may add fields); arrays and scalars must be equal.
 */
export function differences(sent: unknown, received: unknown, pointer = ""): ValidationIssue[] {
  const at = (p: string): ValidationIssue => ({ field: fieldOf(p), pointer: p || "/", message: "" });
  if (isObject(sent)) {
    if (!isObject(received)) return [{ ...at(pointer), message: `expected an object, got ${show(received)}` }];
    return Object.entries(sent).flatMap(([key, value]) => differences(value, received[key], `${pointer}/${escape(key)}`));
  }
  if (Array.isArray(sent)) {
    if (!Array.isArray(received)) return [{ ...at(pointer), message: `expected ${show(sent)}, got ${show(received)}` }];
    if (received.length !== sent.length) return [{ ...at(pointer), message: `expected ${show(sent)}, got ${show(received)}` }];
    return sent.flatMap((value, i) => differences(value, received[i], `${pointer}/${i}`));
  }
  if (sent === received) return [];
  return [{ ...at(pointer), message: received === undefined ? `is missing (sent ${show(sent)})` : `expected ${show(sent)}, got ${show(received)}` }];
}

/** The value at a JSON pointer, or `undefined` when the path does not exist. */
export function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Fails unless the response body (or the part of it at the JSON pointer `at`) echoes every field that was sent. */
export function expectEcho(res: Checked, sent: unknown, what: string, at = ""): void {
  const issues = differences(sent, valueAt(res.body, at), at);
  if (issues.length > 0) fail(res, `${what} differs from what was sent`, issues);
}
