// The pieces the fuzzer stands on (its runs against the mock are in stores.test.ts, against defects in bank.test.ts): generated bodies are valid, mutations are classified by the spec's validators, read-backs are
// compared field by field, failures print as curl lines.
import fc from "fast-check";
import { expect, it } from "vitest";
import { apiOperations } from "../spec/operations.js";
import { createValidators } from "../spec/validators.js";
import { toCurl } from "./curl.js";
import { mockExtras } from "./mock-extras.js";
import { mutationsOf } from "./mutations.js";
import { requestGenerators } from "./requests.js";
import { mismatches } from "./scenarios.js";
import type { FuzzRequest } from "./request-types.js";
import type { World } from "./world.js";

/** FUZZ_SEED=n npm test explores other requests; by default every run sends the same ones. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const API_BASE = "/energy-coordination/v1";

const world: World = {
  client: { id: "c", secret: "s" },
  token: "token-of-the-test",
  ids: { userId: ["u1"], locationId: ["l1"], resourceId: ["r1"], webhookId: ["w1"], eventId: ["e1"], notificationId: ["n1"], mpid: ["707057500012345678"], meterPointId: ["707057500012345678"] },
  deadUrl: "http://127.0.0.1:9/hook",
};

it("generates, for every operation, bodies and parameters that the spec's validators accept", () => {
  const validators = createValidators();
  const generators = requestGenerators(validators, world);
  for (const op of validators.spec.operations.filter((o) => !o.webhook && o.operationId !== "RequestToken")) {
    const valid = generators.forOperation(op.operationId).filter((r) => r.label === "valid");
    fc.assert(
      fc.property(valid, (req) => {
        if (req.body !== undefined) expect(validators.requestBody(op.operationId, JSON.parse(String(req.body))).issues).toEqual([]);
        expect(req.expect).toEqual({ kind: "valid" });
      }),
      { numRuns: 25, seed: SEED },
    );
  }
});

it("keeps every webhook URL that could be stored on the loopback dead port, whatever the seed", () => {
  const validators = createValidators();
  const generators = requestGenerators(validators, world);
  for (const operationId of ["PostWebhook", "UpdateWebhookById", "PatchWebhookById"]) {
    fc.assert(
      fc.property(generators.forOperation(operationId), (req) => {
        let body: unknown;
        try {
          body = JSON.parse(String(req.body));
        } catch {
          return;
        }
        if (!validators.requestBody(operationId, body).valid) return;
        const url = (body as { webhookUrl?: unknown }).webhookUrl;
        if (typeof url === "string") expect(url.startsWith(world.deadUrl)).toBe(true);
      }),
      { numRuns: 300, seed: SEED },
    );
  }
});

it("offers each kind of mutation where the schema allows it", () => {
  const { spec } = createValidators();
  const schema = { $ref: "#/components/schemas/PostLocationRequest" };
  const kinds = mutationsOf(spec.document, schema, { locationId: "l1", locationType: "Residential", meterPointIds: ["m1"] }).map((m) => `${m.kind} ${m.pointer}`);
  expect(kinds).toContain("missing-required /locationId");
  expect(kinds).toContain("wrong-enum /locationType");
  expect(kinds).toContain("too-short /locationId");
  expect(kinds).toContain("extra-field /__proto__");
  expect(kinds).toContain("wrong-type /meterPointIds/0");
  expect(kinds).not.toContain("wrong-type /meterPointIds 'null'");
});

it("reads back what was written: the fields the answer has, lists of plain values as sets, dates as instants", () => {
  expect(mismatches({ locationId: "l+1", meterPointIds: ["a", "b", "a"], coordinates: { latitude: 1.5 } }, { locationId: "l+1", meterPointIds: ["b", "a"], coordinates: { latitude: 1.5, longitude: 2 }, userId: "u" })).toEqual([]);
  expect(mismatches({ at: "2026-01-01T01:00:00+01:00", absent: 1, cleared: null }, { at: "2026-01-01T00:00:00.000Z" })).toEqual([]);
  expect(mismatches({ locationType: "Residential", meterPointIds: ["a"] }, { locationType: "Commercial", meterPointIds: [] })).toEqual([
    'body.locationType: wrote "Residential", read "Commercial"',
    'body.meterPointIds: wrote ["a"], read []',
  ]);
});

it("prints a request as one curl line that sends the same bytes", () => {
  const line = toCurl(
    "http://127.0.0.1:4010",
    { method: "POST", path: `${API_BASE}/users/../x?q=1`, headers: { authorization: ["Bearer tok", "Bearer other"], "content-type": "application/json" }, body: '{"userId":"it\'s ü\\u0000"}' },
    { token: "tok" },
  );
  expect(line).toBe(
    `curl -sS -i --path-as-is -X POST 'http://127.0.0.1:4010/energy-coordination/v1/users/../x?q=1' -H "authorization: Bearer $TOKEN" -H 'authorization: Bearer other' -H 'content-type: application/json' --data-binary $'{"userId":"it\\'s \\xc3\\xbc\\\\u0000"}'`,
  );
});

it("wants a 404 the mock sends without a body to say why in one X-Mock-Detail line", () => {
  const validators = createValidators();
  const check = mockExtras(validators, apiOperations(validators.spec));
  const req: FuzzRequest = { method: "GET", path: `${API_BASE}/users/u9`, headers: {}, operationId: "GetUserById", label: "valid", expect: { kind: "valid" } };
  const answer = (headers: Record<string, string>) => check(req, { status: 404, headers, text: "" }).map((f) => f.message);
  expect(answer({ "x-mock-detail": "user u9 does not exist" })).toEqual([]);
  expect(answer({})).toEqual(["404 without a body and without a one-line X-Mock-Detail (got null)"]);
  expect(answer({ "x-mock-detail": "user\u00e9" })).toEqual(['404 without a body and without a one-line X-Mock-Detail (got "useré")']);
});
