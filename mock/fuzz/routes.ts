// Which operation a raw request reaches, decided the way Express routes it: on the raw (still percent-encoded)
// path, static segments case-insensitively, static segments before parameters, an optional trailing slash.
// The fuzzer uses it to know which operation's responses a request must conform to, and when 404/405 is right.
import type { OperationInfo, Spec } from "../../spec/openapi.js";
import { API_BASE } from "../errors.js";

interface Route {
  op: OperationInfo;
  segments: string[];
}

export type Resolution =
  | { kind: "operation"; op: OperationInfo; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  /** A path id that is not valid percent-encoding: Express answers 400 before any handler runs. */
  | { kind: "undecodable"; op: OperationInfo }
  | { kind: "not-found" };

const split = (path: string) => path.split("/").slice(1);

/** A resolver for a spec's operations (webhooks excluded: the mock sends them, it does not serve them). */
export function routeResolver(spec: Spec): (method: string, rawPath: string) => Resolution {
  const routes: Route[] = spec.operations
    .filter((op) => !op.webhook)
    .map((op) => ({ op, segments: split(op.ownServer ? op.path : API_BASE + op.path) }))
    .sort((a, b) => {
      for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
        const pa = a.segments[i]!.startsWith("{");
        const pb = b.segments[i]!.startsWith("{");
        if (pa !== pb) return pa ? 1 : -1;
      }
      return 0;
    });

  const match = (route: Route, parts: string[]): Record<string, string> | undefined => {
    if (route.segments.length !== parts.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const want = route.segments[i]!;
      const got = parts[i]!;
      if (want.startsWith("{")) {
        if (got === "") return undefined;
        params[want.slice(1, -1)] = got;
      } else if (want.toLowerCase() !== got.toLowerCase()) return undefined;
    }
    return params;
  };

  return (method, rawPath) => {
    // The absolute form (`http://host/path`) routes like its path.
    const path = rawPath.split("?")[0]!.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
    let parts = split(path);
    // Express (strict: false) accepts one trailing slash.
    if (parts.length > 1 && parts[parts.length - 1] === "") parts = parts.slice(0, -1);
    const m = method.toLowerCase();
    const allow = new Set<string>();
    for (const route of routes) {
      const params = match(route, parts);
      if (!params) continue;
      // Express stops at the first route whose path matches but whose parameters do not decode.
      if (!decodes(params)) return { kind: "undecodable", op: route.op };
      if (route.op.method === m) return { kind: "operation", op: route.op, params };
      allow.add(route.op.method.toUpperCase());
    }
    return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow].sort() } : { kind: "not-found" };
  };
}

function decodes(params: Record<string, string>): boolean {
  try {
    for (const v of Object.values(params)) decodeURIComponent(v);
    return true;
  } catch {
    return false;
  }
}
