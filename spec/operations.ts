// What a black-box tool needs to know about the API from the spec document alone: where the API lives (the base path
// of its first server), which operation a raw request reaches (static segments before parameters, on the still
// percent-encoded path), and what each operation declares (statuses, content types, its JSON body schema).
// Nothing here knows about the mock, Express or an HTTP client: the fuzzer judges any deployment with it.
import type { OperationInfo, Spec } from "./openapi.js";

/** Where a raw request lands, decided from the spec's path templates. */
export type Resolution =
  | { kind: "operation"; op: OperationInfo; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  /** A path id that is not valid percent-encoding: no server can hand it to the operation. */
  | { kind: "undecodable"; op: OperationInfo }
  | { kind: "not-found" };

export interface ApiOperations {
  spec: Spec;
  /** The path of the spec's first server, e.g. `/energy-coordination/v1` (empty when the servers give none). */
  basePath: string;
  /** The operations a client calls (the spec's `webhooks` are sent by the service, not served by it). */
  served: OperationInfo[];
  /** The token endpoint (an operation on a server of its own with a form body), if the spec has one. */
  token: OperationInfo | undefined;
  /** Where a request of the API (`basePath` + template, query allowed) lands. */
  resolve(method: string, target: string): Resolution;
  /** The operation's path with these (already encoded) parameters, under `basePath`. */
  pathOf(op: OperationInfo, params: Record<string, string>): string;
  /** Whether the operation declares this status (exactly, as `4XX`, or through `default`). */
  declares(op: OperationInfo, status: number): boolean;
  /** The schema pointer of the operation's JSON request body, if it takes one. */
  jsonBody(op: OperationInfo): string | undefined;
}

interface Template {
  op: OperationInfo;
  segments: string[];
}

const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);

/** Static segments before parameters, so `/users/eligible` wins over `/users/{userId}`. */
function staticFirst(a: Template, b: Template): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const pa = isParam(a.segments[i]!);
    const pb = isParam(b.segments[i]!);
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

function match(t: Template, segments: string[]): Record<string, string> | undefined {
  if (t.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = t.segments[i]!;
    const got = segments[i]!;
    if (isParam(want)) {
      if (got === "") return undefined;
      params[want.slice(1, -1)] = got;
    } else if (want !== got) return undefined;
  }
  return params;
}

function decodes(params: Record<string, string>): boolean {
  try {
    for (const v of Object.values(params)) decodeURIComponent(v);
    return true;
  } catch {
    return false;
  }
}

/** The path of the document's first server URL (`https://host/energy-coordination/v1` → `/energy-coordination/v1`). */
export function serverBasePath(document: Record<string, unknown>): string {
  const servers = document.servers;
  const first: unknown = Array.isArray(servers) ? servers[0] : undefined;
  const url = typeof first === "object" && first !== null && "url" in first && typeof first.url === "string" ? first.url : "";
  try {
    return new URL(url, "http://relative.invalid").pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** Indexes a spec for black-box use. `basePath` overrides the servers' one (the path of a `--base-url`). */
export function apiOperations(spec: Spec, options: { basePath?: string } = {}): ApiOperations {
  const basePath = (options.basePath ?? serverBasePath(spec.document)).replace(/\/+$/, "");
  const served = spec.operations.filter((op) => !op.webhook);
  const token = served.find((op) => op.ownServer && op.requestBody?.content.some((m) => m.contentType === "application/x-www-form-urlencoded"));
  const templates: Template[] = served.filter((op) => !op.ownServer).map((op) => ({ op, segments: op.path.split("/").slice(1) }));
  templates.sort(staticFirst);

  const resolve = (method: string, target: string): Resolution => {
    let path = target.split("?")[0]!;
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
    if (basePath !== "" && !(path === basePath || path.startsWith(`${basePath}/`))) return { kind: "not-found" };
    const segments = path.slice(basePath.length).split("/").slice(1);
    const upper = method.toUpperCase();
    const allow: string[] = [];
    for (const t of templates) {
      const params = match(t, segments);
      if (!params) continue;
      if (t.op.method.toUpperCase() !== upper) {
        allow.push(t.op.method.toUpperCase());
        continue;
      }
      return decodes(params) ? { kind: "operation", op: t.op, params } : { kind: "undecodable", op: t.op };
    }
    return allow.length > 0 ? { kind: "method-not-allowed", allow: [...new Set(allow)].sort() } : { kind: "not-found" };
  };

  const pathOf = (op: OperationInfo, params: Record<string, string>) => (op.ownServer ? "" : basePath) + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? "");

  const declares = (op: OperationInfo, status: number) => {
    const code = String(status);
    return op.responses.some((r) => r.status === code || r.status.toUpperCase() === `${code[0]}XX` || r.status === "default");
  };

  const jsonBody = (op: OperationInfo) => op.requestBody?.content.find((m) => /^application\/(.+\+)?json$/i.test(m.contentType))?.schemaPointer;

  return { spec, basePath, served, token, resolve, pathOf, declares, jsonBody };
}
