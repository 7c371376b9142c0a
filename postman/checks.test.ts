import fc from "fast-check";
import { expect, it } from "vitest";
import { differences } from "../contract-tests/comparison.js";
import { paginationIssues } from "../contract-tests/pagination.js";
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

it("carries only the library functions a script calls, with the ones they call", () => {
  const script = withLibrary(['readBack("the user", "/users/{{userId}}", sent());']);
  const functions = script.filter((l) => l.startsWith("function ")).map((l) => l.slice(9, l.indexOf("(")));
  expect(functions).toEqual(["differences", "explain", "sent", "call", "readBack"]);
});
