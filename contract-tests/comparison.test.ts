import { expect, it } from "vitest";
import { differences, valueAt } from "./comparison.js";

it("accepts a response that echoes every sent field and adds its own", () => {
  expect(differences({ locationId: "l1", meterPointIds: ["1", "2"] }, { locationId: "l1", meterPointIds: ["1", "2"], userId: "u1" })).toEqual([]);
});

it("names each differing field by its JSON pointer", () => {
  expect(differences({ userId: "u1", coordinates: { latitude: 1 }, meterPointIds: ["1"] }, { user_id: "u1", coordinates: { latitude: 2 }, meterPointIds: ["1", "2"] })).toEqual([
    { field: "body.userId", pointer: "/userId", message: `is missing (sent "u1")` },
    { field: "body.coordinates.latitude", pointer: "/coordinates/latitude", message: "expected 1, got 2" },
    { field: "body.meterPointIds", pointer: "/meterPointIds", message: `expected ["1"], got ["1","2"]` },
  ]);
});

it("starts pointers where the compared part sits", () => {
  expect(differences({ name: "a" }, { name: "b" }, "/webhooks/3")).toEqual([{ field: "body.webhooks[3].name", pointer: "/webhooks/3/name", message: `expected "a", got "b"` }]);
});

it("reads the value at a JSON pointer", () => {
  expect(valueAt({ a: [{ "b/c": 1 }] }, "/a/0/b~1c")).toBe(1);
  expect(valueAt({ a: 1 }, "/a/b")).toBeUndefined();
  expect(valueAt({ a: 1 }, "")).toEqual({ a: 1 });
});
