import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect, it } from "vitest";
import { toJUnit, xmlEscape } from "./junit.js";
import type { Report } from "./runner.js";

const report: Report = {
  target: { baseUrl: "http://127.0.0.1:1/energy-coordination/v1?a=1&b=2", tokenUrl: "http://127.0.0.1:1/connect/token" },
  startedAt: "2026-11-26T12:00:00.000Z",
  ms: 1234,
  passed: 1,
  failed: 1,
  skipped: 1,
  steps: [
    { name: "RequestToken", operationId: "RequestToken", status: "passed", ms: 5 },
    {
      name: `GetUserById [unknown user → 404]`,
      operationId: "GetUserById",
      status: "failed",
      ms: 7,
      failure: {
        message: `expected 404 <"a user id nobody registered"> & more, got 200`,
        issues: [{ field: "body.user_id", pointer: "/user_id", message: "is not allowed" }],
        exchange: {
          operationId: "GetUserById",
          request: { method: "GET", url: "http://127.0.0.1:1/energy-coordination/v1/users/x", headers: { Authorization: "Bearer t0k3n" } },
          response: { status: 200, headers: {}, contentType: "application/json", text: `{"user_id":"a\u0001b'c"}`, body: { user_id: "a\u0001b'c" } },
          ms: 7,
        },
        curl: `curl 'http://127.0.0.1:1/energy-coordination/v1/users/x' -H "Authorization: Bearer $TOKEN"`,
      },
    },
    { name: "PostPriceCurveSimulation", operationId: "PostPriceCurveSimulation", status: "skipped", ms: 1, reason: "not offered" },
  ],
  coverage: {
    judgedBy: "the spec",
    operations: { exercised: 2, total: 44, missing: [{ operationId: "GetAllEvents", reason: "no step of this run calls it (--only, --read-only)" }] },
    pairs: { provoked: 2, declared: 194, missing: [{ operationId: "GetUserById", status: "400", reason: "it takes only free-form path parameters" }] },
    notes: [],
  },
  leftovers: [`DeleteUserById {"userId":"x"}`],
};

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "testcase" || name === "property" });

it("writes JUnit XML that a parser reads back step by step", () => {
  const xml = toJUnit(report);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const suite = doc.testsuites.testsuite;
  expect({ tests: suite.tests, failures: suite.failures, skipped: suite.skipped, errors: suite.errors, time: suite.time }).toEqual({
    tests: "3",
    failures: "1",
    skipped: "1",
    errors: "0",
    time: "1.234",
  });
  expect(suite.properties.property).toEqual([
    { name: "baseUrl", value: "http://127.0.0.1:1/energy-coordination/v1?a=1&b=2" },
    { name: "tokenUrl", value: "http://127.0.0.1:1/connect/token" },
    { name: "coverage.operations", value: "2/44" },
    { name: "coverage.statuses", value: "2/194" },
  ]);
  expect(suite["system-out"]).toBe(
    [
      "Coverage (judged by the spec): operations exercised 2/44; (operation, status) pairs provoked 2 of 194 declared",
      "  operation not exercised: GetAllEvents: no step of this run calls it (--only, --read-only)",
      "  not provoked: GetUserById 400: it takes only free-form path parameters",
      `not removed: DeleteUserById {"userId":"x"}`,
    ].join("\n"),
  );
  const [passed, failed, skipped] = suite.testcase;
  expect(passed).toEqual({ name: "RequestToken", classname: "contract.RequestToken", time: "0.005" });
  expect(skipped.skipped).toEqual({ message: "not offered" });
  expect(failed.name).toBe("GetUserById [unknown user → 404]");
  expect(failed.failure.message).toBe(`expected 404 <"a user id nobody registered"> & more, got 200`);
  expect(failed.failure.type).toBe("ContractFailure");
  expect(failed.failure["#text"]).toContain("/user_id is not allowed");
  expect(failed.failure["#text"]).toContain(`-H "Authorization: Bearer $TOKEN"`);
  expect(xml).not.toContain("t0k3n");
});

it("escapes markup and replaces characters XML cannot carry", () => {
  expect(xmlEscape(`<a href="x">Tom & 'Jerry'</a>\u0001\uD800`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;\uFFFD\uFFFD");
  expect(xmlEscape("tab\tnewline\n😀")).toBe("tab\tnewline\n😀");
});
