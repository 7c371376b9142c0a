// Everything a run creates on the target, learnt from the successful answers to the API's creating requests, and
// deleted again at the end (children first). Operations are named by method and path, so another document with
// other operationIds still lines up.
import type { OperationInfo } from "../spec/openapi.js";
import type { ApiOperations } from "../spec/operations.js";
import type { RawRequest, RawResponse } from "./client.js";

/** `POST /users/{}/locations`: an operation's route, whatever its parameters are called. */
export const routeKey = (op: Pick<OperationInfo, "method" | "path">) => `${op.method.toUpperCase()} ${op.path.replace(/\{[^}]*\}/g, "{}").replace(/\/+$/, "")}`;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
/** Longer ids cannot be named in a request line (servers refuse a URL of that size), so nothing can delete them. */
export const MAX_DELETABLE_ID = 2048;
const str = (x: unknown) => (typeof x === "string" && x !== "" && x.length <= MAX_DELETABLE_ID ? x : undefined);
const parse = (text: string | Buffer | undefined): unknown => {
  try {
    return text === undefined ? undefined : (JSON.parse(String(text)) as unknown);
  } catch {
    return undefined;
  }
};

export interface Ledger {
  /** Learns what a successful request created. */
  record(op: OperationInfo, params: Record<string, string>, req: RawRequest, res: RawResponse): void;
  /** How many objects are on the books. */
  size(): number;
  /** Deletes everything recorded, children first; resolves with the counts. */
  cleanup(send: (op: OperationInfo, params: Record<string, string>) => Promise<number>): Promise<{ deleted: number; failed: string[] }>;
}

export function createLedger(operations: ApiOperations): Ledger {
  const users = new Set<string>();
  const enrollments = new Set<string>();
  const locations = new Map<string, { userId: string; locationId: string }>();
  const resources = new Set<string>();
  const webhooks = new Set<string>();
  const byRoute = new Map(operations.served.map((op) => [routeKey(op), op]));
  const addLocation = (userId: unknown, locationId: unknown) => {
    const u = str(userId);
    const l = str(locationId);
    if (u && l) locations.set(JSON.stringify([u, l]), { userId: u, locationId: l });
  };
  const decode = (params: Record<string, string>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decodeURIComponent(v)]));

  return {
    record(op, rawParams, req, res) {
      if (res.status < 200 || res.status >= 300) return;
      const params = Object.values(decode(rawParams));
      const body = parse(req.body);
      const answer = parse(res.text);
      const b = isObject(body) ? body : {};
      switch (routeKey(op)) {
        case "POST /users":
          if (str(b.userId)) users.add(String(b.userId));
          break;
        case "POST /users/batch":
          for (const u of Array.isArray(b.users) ? b.users : []) if (isObject(u) && str(u.userId)) users.add(String(u.userId));
          break;
        case "POST /users/{}/locations":
          addLocation(params[0], b.locationId);
          break;
        case "POST /users/locations/batch":
          for (const l of Array.isArray(b.locations) ? b.locations : []) if (isObject(l)) addLocation(l.userId, l.locationId);
          break;
        case "POST /users/{}/vehicles":
        case "POST /users/{}/locations/{}/resources":
          if (str(b.resourceId)) resources.add(String(b.resourceId));
          break;
        case "POST /users/{}/enrollment":
          if (params[0]) enrollments.add(params[0]);
          break;
        case "POST /webhooks":
          if (isObject(answer) && str(answer.webhookId)) webhooks.add(String(answer.webhookId));
          break;
      }
    },
    size: () => users.size + enrollments.size + locations.size + resources.size + webhooks.size,
    async cleanup(send) {
      let deleted = 0;
      const failed: string[] = [];
      const run = async (route: string, list: Record<string, string>[]) => {
        const op = byRoute.get(route);
        if (!op) return;
        for (const values of list) {
          const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
          const params = Object.fromEntries(names.map((n, i) => [n, encodeURIComponent(Object.values(values)[i] ?? "")]));
          try {
            const status = await send(op, params);
            if (status >= 200 && status < 300) deleted++;
            else if (status !== 404) failed.push(`${op.method.toUpperCase()} ${operations.pathOf(op, params).slice(0, 200)} answered ${status}`);
          } catch (e) {
            failed.push(`${op.method.toUpperCase()} ${operations.pathOf(op, params).slice(0, 200)}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      };
      await run("DELETE /webhooks/{}", [...webhooks].map((webhookId) => ({ webhookId })));
      await run("DELETE /resources/{}", [...resources].map((resourceId) => ({ resourceId })));
      await run("DELETE /users/{}/locations/{}", [...locations.values()]);
      await run("DELETE /users/{}/enrollment", [...enrollments].map((userId) => ({ userId })));
      await run("DELETE /users/{}", [...users].map((userId) => ({ userId })));
      for (const set of [users, enrollments, resources, webhooks]) set.clear();
      locations.clear();
      return { deleted, failed };
    },
  };
}
