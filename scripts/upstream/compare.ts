// Compares two normalized documents and lists every difference with a stable key, so that a committed
// allow-list can name the intentional ones.
import type { DocumentShape, FieldMap, FieldShape, OperationShape } from "./normalize.js";

export interface Difference {
  /** `operation GET /users` or `schema GetLocationResponse`. */
  subject: string;
  /** Stable, matchable text: `<subject> <where>: <change>`. */
  key: string;
  /** What changed, for people: `nullable: upstream false, ours true`. */
  change: string;
}

const ATTRS: (keyof FieldShape)[] = ["type", "format", "nullable", "enum", "ref", "const", "oneOf", "additionalProperties", "required"];

function show(value: unknown): string {
  return value === undefined ? "(none)" : String(value);
}

function describeEnum(upstream: string | undefined, ours: string | undefined): string {
  const a = new Set(upstream ? upstream.split(", ") : []);
  const b = new Set(ours ? ours.split(", ") : []);
  const added = [...b].filter((v) => !a.has(v));
  const removed = [...a].filter((v) => !b.has(v));
  const parts = [];
  if (removed.length) parts.push(`upstream has ${removed.join(", ")} that we lack`);
  if (added.length) parts.push(`we have ${added.join(", ")} that upstream lacks`);
  return `enum: ${parts.join("; ") || "order differs"}`;
}

function compareFields(upstream: FieldMap, ours: FieldMap, subject: string, where: string, out: Difference[]): void {
  const add = (path: string, change: string) => {
    const at = [where, path === "" ? "" : path].filter(Boolean).join(" ");
    out.push({ subject, key: `${subject}${at ? ` ${at}` : ""}: ${change}`, change: `${at ? `${at}: ` : ""}${change}` });
  };
  for (const [path, a] of upstream) {
    const b = ours.get(path);
    if (!b) {
      // Only report the top of a removed subtree.
      const parent = path.replace(/(\.[^.[\]{}]+|\[\]|\{\})$/, "");
      if (path === "" || ours.has(parent) || parent === path) add(path, "removed (upstream has it, ours does not)");
      continue;
    }
    for (const attr of ATTRS) {
      const x = a[attr];
      const y = b[attr];
      if (String(x ?? "") === String(y ?? "")) continue;
      if (attr === "nullable" || attr === "required") add(path, `${attr}: upstream ${x === true}, ours ${y === true}`);
      else if (attr === "enum" && x !== undefined && y !== undefined) add(path, describeEnum(x as string, y as string));
      else add(path, `${attr}: upstream ${show(x)}, ours ${show(y)}`);
    }
  }
  for (const path of ours.keys()) {
    if (upstream.has(path)) continue;
    const parent = path.replace(/(\.[^.[\]{}]+|\[\]|\{\})$/, "");
    if (upstream.has(parent) || parent === path) add(path, "added (ours has it, upstream does not)");
  }
}

function compareContent(a: Map<string, FieldMap>, b: Map<string, FieldMap>, subject: string, where: string, out: Difference[]): void {
  for (const [ct, fields] of a) {
    const mine = b.get(ct);
    if (!mine) out.push({ subject, key: `${subject} ${where} ${ct}: removed`, change: `${where} ${ct}: removed (upstream declares it)` });
    else compareFields(fields, mine, subject, `${where} ${ct}`, out);
  }
  for (const ct of b.keys()) if (!a.has(ct)) out.push({ subject, key: `${subject} ${where} ${ct}: added`, change: `${where} ${ct}: added (upstream does not declare it)` });
}

function compareOperation(a: OperationShape, b: OperationShape, subject: string, out: Difference[]): void {
  const add = (where: string, change: string) => out.push({ subject, key: `${subject} ${where}: ${change}`, change: `${where}: ${change}` });
  if (a.operationId !== b.operationId) add("operationId", `upstream ${a.operationId}, ours ${b.operationId}`);
  for (const [name, p] of a.parameters) {
    const q = b.parameters.get(name);
    if (!q) add(`parameter ${name}`, "removed (upstream has it, ours does not)");
    else {
      const { where: _w1, ...pa } = p;
      const { where: _w2, ...qa } = q;
      compareFields(new Map([["", pa]]), new Map([["", qa]]), subject, `parameter ${name}`, out);
    }
  }
  for (const name of b.parameters.keys()) if (!a.parameters.has(name)) add(`parameter ${name}`, "added (ours has it, upstream does not)");
  if (a.requestBody && !b.requestBody) add("request body", "removed (upstream has one, ours does not)");
  if (!a.requestBody && b.requestBody) add("request body", "added (ours has one, upstream does not)");
  if (a.requestBody && b.requestBody) {
    if (a.requestBody.required !== b.requestBody.required) add("request body", `required: upstream ${a.requestBody.required}, ours ${b.requestBody.required}`);
    compareContent(a.requestBody.content, b.requestBody.content, subject, "request body", out);
  }
  for (const [status, content] of a.responses) {
    const mine = b.responses.get(status);
    if (!mine) add(`response ${status}`, "removed (upstream declares it, ours does not)");
    else compareContent(content, mine, subject, `response ${status}`, out);
  }
  for (const status of b.responses.keys()) if (!a.responses.has(status)) add(`response ${status}`, "added (ours declares it, upstream does not)");
}

/** Every difference between a vendor document (`upstream`) and ours, operations first, then schemas. */
export function compareDocuments(upstream: DocumentShape, ours: DocumentShape): Difference[] {
  const out: Difference[] = [];
  for (const [key, op] of upstream.operations) {
    const subject = `operation ${key}`;
    const mine = ours.operations.get(key);
    if (!mine) out.push({ subject, key: `${subject}: removed`, change: `removed (upstream ${op.operationId}; ours has no such operation)` });
    else compareOperation(op, mine, subject, out);
  }
  for (const [key, op] of ours.operations) {
    if (!upstream.operations.has(key)) out.push({ subject: `operation ${key}`, key: `operation ${key}: added`, change: `added (ours ${op.operationId}; upstream has no such operation)` });
  }
  for (const [name, fields] of upstream.schemas) {
    const subject = `schema ${name}`;
    const mine = ours.schemas.get(name);
    if (!mine) out.push({ subject, key: `${subject}: removed`, change: "removed (upstream has it, ours does not)" });
    else compareFields(fields, mine, subject, "", out);
  }
  for (const name of ours.schemas.keys()) {
    if (!upstream.schemas.has(name)) out.push({ subject: `schema ${name}`, key: `schema ${name}: added`, change: "added (ours has it, upstream does not)" });
  }
  return out;
}
