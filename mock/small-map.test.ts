import fc from "fast-check";
import { expect, it } from "vitest";
import { SmallMap } from "./small-map.js";

interface Item {
  id: string;
  n: number;
}
const idOf = (item: Item) => item.id;

it("keeps items in insertion order, replacing a key in place and forgetting deleted ones", () => {
  const map = new SmallMap(idOf);
  map.set({ id: "a", n: 1 }).set({ id: "b", n: 2 }).set({ id: "a", n: 3 });
  expect([...map.values()]).toEqual([
    { id: "a", n: 3 },
    { id: "b", n: 2 },
  ]);
  expect(map.delete("a")).toBe(true);
  expect(map.delete("a")).toBe(false);
  expect({ size: map.size, keys: [...map.keys()], b: map.get("b"), a: map.has("a") }).toEqual({ size: 1, keys: ["b"], b: { id: "b", n: 2 }, a: false });
});

it("keeps the order and every item when it grows past 8 items and shrinks again", () => {
  const map = new SmallMap(idOf);
  const ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
  for (const id of ids) map.set({ id, n: 0 });
  expect([...map.keys()]).toEqual(ids);
  for (const id of ids.slice(0, 9)) map.delete(id);
  map.set({ id: "a", n: 1 });
  expect([...map.values()]).toEqual([
    { id: "j", n: 0 },
    { id: "a", n: 1 },
  ]);
});

it("lets the items be deleted while they are iterated", () => {
  const map = new SmallMap(idOf);
  for (const id of ["a", "b", "c"]) map.set({ id, n: 0 });
  for (const key of map.keys()) map.delete(key);
  expect(map.size).toBe(0);
});

it("behaves like a Map through any sequence of sets and deletes, small or large", () => {
  const key = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `k${i}`));
  // Mostly sets, so that runs often grow past the 8 items kept in an array.
  const op = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("set" as const), id: key, n: fc.integer() }), weight: 10 },
    { arbitrary: fc.record({ kind: fc.constant("delete" as const), id: key }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant("clear" as const) }), weight: 1 },
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const map = new SmallMap(idOf);
      const model = new Map<string, Item>();
      for (const o of ops) {
        if (o.kind === "set") {
          map.set({ id: o.id, n: o.n });
          model.set(o.id, { id: o.id, n: o.n });
        } else if (o.kind === "delete") {
          expect(map.delete(o.id)).toBe(model.delete(o.id));
        } else {
          map.clear();
          model.clear();
        }
        expect([...map.values()]).toEqual([...model.values()]);
        expect([...map.keys()]).toEqual([...model.keys()]);
        expect(map.size).toBe(model.size);
        for (let i = 0; i < 12; i++) expect(map.get(`k${i}`)).toEqual(model.get(`k${i}`));
      }
    }),
  );
});
