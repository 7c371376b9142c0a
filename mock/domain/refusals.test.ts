import { expect, it } from "vitest";
import { ApiError } from "../http/errors.js";
import { REFUSALS, refuse, scriptRefusal } from "./refusals.js";
import * as dataScripts from "../state/redis/scripts.js";

it("renders a refusal's message from its template and arguments, with the catalogue's status and code", () => {
  const e = refuse("batch-location-twice", { index: 2, userId: "u1", locationId: "l1" });
  expect(e).toBeInstanceOf(ApiError);
  expect({ status: e.status, code: e.code, message: e.message }).toEqual({
    status: 409,
    code: "location-exists",
    message: "body.locations[2].locationId: location l1 of user u1 appears twice in the batch",
  });
});

it("renders a Lua script's answer the same way as the in-memory store's refusal", () => {
  const fromScript = scriptRefusal(JSON.parse('{"e":["user-not-found",{"userId":"u\\/1"}]}').e);
  const inMemory = refuse("user-not-found", { userId: "u/1" });
  expect([fromScript.status, fromScript.code, fromScript.message]).toEqual([inMemory.status, inMemory.code, inMemory.message]);
});

it("treats an unknown refusal or a missing argument from a script as a bug, not as a 4xx", () => {
  expect(() => scriptRefusal(["no-such-refusal", {}])).toThrow("a store script answered an unknown refusal");
  expect(() => scriptRefusal(["user-not-found", {}])).toThrow("no value for {userId}");
  expect(() => scriptRefusal("user-not-found")).toThrow("unknown refusal");
});

it("names in the Lua scripts only refusals of the catalogue", () => {
  const named = Object.values(dataScripts).flatMap((lua) => [...lua.matchAll(/refuse\((?:[a-z]+ and )?'([a-z-]+)'(?: or '([a-z-]+)')?/g)].flatMap((m) => [m[1], m[2]]).filter((n): n is string => n !== undefined));
  expect(named.length).toBeGreaterThan(10);
  expect(named.filter((n) => !Object.hasOwn(REFUSALS, n))).toEqual([]);
});
