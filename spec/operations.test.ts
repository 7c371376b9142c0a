import { expect, it } from "vitest";
import { loadSpec } from "./openapi.js";
import { apiOperations, serverBasePath } from "./operations.js";

const API = "/energy-coordination/v1";

it("resolves a raw request to the operation its path template names, static segments first", () => {
  const { resolve } = apiOperations(loadSpec());
  const id = (method: string, path: string) => {
    const r = resolve(method, API + path);
    return r.kind === "operation" ? `${r.op.operationId} ${JSON.stringify(r.params)}` : r.kind;
  };
  expect(id("GET", "/users/eligible")).toBe("GetEligibleUsers {}");
  expect(id("DELETE", "/users/eligible")).toBe('DeleteUserById {"userId":"eligible"}');
  expect(id("GET", "/users/a%2Bb/locations?pageSize=5")).toBe('GetLocationsByUserId {"userId":"a%2Bb"}');
  expect(id("GET", "/users/a%2Bb/locations/l%20.1")).toBe('GetLocationByLocationId {"userId":"a%2Bb","locationId":"l%20.1"}');
  expect(id("PATCH", "/users")).toBe("method-not-allowed");
  expect(resolve("PATCH", `${API}/users`)).toEqual({ kind: "method-not-allowed", allow: ["GET", "POST"] });
  expect(id("GET", "/users//locations")).toBe("not-found");
  expect(id("GET", "/Users")).toBe("not-found");
  expect(id("GET", "/users/%E0%A4%A/locations")).toBe("undecodable");
  expect(resolve("GET", "/elsewhere/users")).toEqual({ kind: "not-found" });
});

it("takes the base path from the first server, or from the target's base URL", () => {
  const spec = loadSpec();
  expect(serverBasePath(spec.document)).toBe(API);
  const other = apiOperations(spec, { basePath: "/gateway/ec/" });
  expect(other.basePath).toBe("/gateway/ec");
  const op = spec.byId.get("GetLocationByLocationId")!;
  expect(other.pathOf(op, { userId: "u%2B1", locationId: "l1" })).toBe("/gateway/ec/users/u%2B1/locations/l1");
  expect(other.resolve("GET", "/gateway/ec/users/u%2B1/locations/l1")).toEqual({ kind: "operation", op, params: { userId: "u%2B1", locationId: "l1" } });
});

it("knows what each operation declares: statuses, the token endpoint, the JSON body", () => {
  const ops = apiOperations(loadSpec());
  const postUser = ops.spec.byId.get("PostUser")!;
  expect([201, 400, 409, 415].map((s) => ops.declares(postUser, s))).toEqual([true, true, true, true]);
  expect([200, 202, 404, 500].map((s) => ops.declares(postUser, s))).toEqual([false, false, false, false]);
  expect(ops.jsonBody(postUser)).toBe("/paths/~1users/post/requestBody/content/application~1json/schema");
  expect(ops.token?.operationId).toBe("RequestToken");
  expect(ops.served.some((op) => op.webhook)).toBe(false);
});
