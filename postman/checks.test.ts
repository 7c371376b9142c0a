import fc from "fast-check";
import { expect, it } from "vitest";
import { differences } from "../contract-tests/comparison.js";
import type { RecordedResponse } from "../contract-tests/exchange.js";
import { paginationIssues } from "../contract-tests/pagination.js";
import { standardIssues } from "../contract-tests/standards.js";
import type { ApiPagination } from "../spec/types.js";
import { librarySource, withLibrary } from "./library.js";

/** A library function of the sandbox, run here as plain JavaScript. */
function sandboxFunction(name: string): (...args: unknown[]) => unknown {
  const make = new Function(`${librarySource(name)}\nreturn ${name};`) as () => (...args: unknown[]) => unknown;
  return make();
}

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.constantFrom(null, true, 0, 1, "a", "b", "a/b~c"), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("a", "b", "x/y", "m~n"), tie("value"), { maxKeys: 3 })),
})).value;

it("compares a read-back with what was sent as the contract suite does", () => {
  const sandbox = sandboxFunction("differences");
  fc.assert(
    fc.property(json, json, (sent, received) => {
      expect(sandbox(sent, received)).toEqual(differences(sent, received));
    }),
  );
  expect(sandbox({ a: [1, { b: "x" }] }, { a: [1, { b: "y" }] })).toEqual([{ field: "body.a[1].b", pointer: "/a/1/b", message: 'expected "x", got "y"' }]);
});

it("judges a page's pagination fields as the contract suite does", () => {
  const sandbox = sandboxFunction("paginationIssues");
  const count = fc.integer({ min: 0, max: 12 });
  const optional = fc.option(fc.integer({ min: 0, max: 12 }), { nil: null });
  const pagination = fc.record(
    { totalRecords: count, pageSize: fc.integer({ min: 1, max: 5 }), currentPage: fc.integer({ min: 1, max: 6 }), totalPages: count, nextPage: optional, previousPage: optional },
    { requiredKeys: ["totalRecords", "pageSize", "currentPage"] },
  );
  fc.assert(
    fc.property(pagination, fc.array(fc.constant({}), { maxLength: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), (p, items, page, size) => {
      const given = p as ApiPagination;
      expect(sandbox(given, items, page, size, "users")).toEqual(paginationIssues(given, items, page, size, "users"));
    }),
  );
});

it("judges the standards (RFC 6749, 6750, 9457) as the contract suite does", () => {
  const sandbox = sandboxFunction("standardIssues");
  const text = fc.constantFrom("no-store", "no-cache", "private, no-store", "Bearer", 'Bearer realm="x", error="invalid_token"', "Basic", "");
  const headers = fc.record({ "cache-control": text, "www-authenticate": text }, { requiredKeys: [] });
  const field = fc.constantFrom<unknown>(undefined, null, "Bearer", "bearer", "mac", "invalid_client", "bad_secret", 0, -1, 3600, 400, 401, 404, 415);
  const object = fc.record({ token_type: field, expires_in: field, error: field, status: field, title: field, type: field, detail: field }, { requiredKeys: [] });
  const response = fc.record({
    status: fc.constantFrom(200, 400, 401, 404, 415),
    headers: headers as fc.Arbitrary<Record<string, string>>,
    contentType: fc.constantFrom(undefined, "application/json", "application/problem+json", "application/problem+json; charset=utf-8", "text/html"),
    text: fc.constantFrom("", "{}", "x"),
    body: fc.oneof(object, fc.constant<unknown>(undefined), fc.constant<unknown>("text"), fc.constant<unknown>([1])),
  });
  fc.assert(
    fc.property(fc.constantFrom("RequestToken", "GetUsers"), response, (operationId, r) => {
      // JSON round trip: the sandbox sees what JSON carries (no undefined members).
      const recorded = JSON.parse(JSON.stringify({ ...r, body: r.body ?? null })) as RecordedResponse;
      if (r.body === undefined) recorded.body = undefined;
      expect(sandbox(operationId, recorded)).toEqual(standardIssues(operationId, recorded));
    }),
  );
});

it("carries only the library functions a script calls, with the ones they call", () => {
  const script = withLibrary(['readBack("the user", "/users/{{userId}}", sent());']);
  const functions = script.filter((l) => l.startsWith("function ")).map((l) => l.slice(9, l.indexOf("(")));
  expect(functions).toEqual(["differences", "explain", "sent", "call", "readBack"]);
});
