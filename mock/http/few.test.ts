import fc from "fast-check";
import { expect, it } from "vitest";
import { FewBy, type Few } from "./few.js";

interface Item {
  id: string;
  n: number;
}
const byId = new FewBy((item: Item) => item.id);

it("keeps items in insertion order, replacing a key in place and forgetting deleted ones", () => {
  let items: Few<Item> = undefined;
  for (const item of [{ id: "a", n: 1 }, { id: "b", n: 2 }, { id: "a", n: 3 }]) items = byId.with(items, item);
  expect([...byId.values(items)]).toEqual([
    { id: "a", n: 3 },
    { id: "b", n: 2 },
  ]);
  items = byId.without(items, "a");
  items = byId.without(items, "a");
  expect({ size: byId.size(items), keys: [...byId.keys(items)], b: byId.get(items, "b"), a: byId.has(items, "a") }).toEqual({ size: 1, keys: ["b"], b: { id: "b", n: 2 }, a: false });
  expect(byId.without(items, "b")).toBeUndefined();
});

it("keeps the order and every item when it grows past 8 items and shrinks again", () => {
  let items: Few<Item> = undefined;
  const ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
  for (const id of ids) items = byId.with(items, { id, n: 0 });
  expect([...byId.keys(items)]).toEqual(ids);
  for (const id of ids.slice(0, 9)) items = byId.without(items, id);
  items = byId.with(items, { id: "a", n: 1 });
  expect([...byId.values(items)]).toEqual([
    { id: "j", n: 0 },
    { id: "a", n: 1 },
  ]);
});

it("lets the items be removed while they are iterated", () => {
  let items: Few<Item> = undefined;
  for (const id of ["a", "b", "c"]) items = byId.with(items, { id, n: 0 });
  for (const key of byId.keys(items)) items = byId.without(items, key);
  expect(byId.size(items)).toBe(0);
});

it("behaves like a Map through any sequence of adds and removes, small or large", () => {
  const key = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `k${i}`));
  // Mostly adds, so that runs often grow past the 8 items kept in an array.
  const op = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("set" as const), id: key, n: fc.integer() }), weight: 10 },
    { arbitrary: fc.record({ kind: fc.constant("delete" as const), id: key }), weight: 3 },
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      let items: Few<Item> = undefined;
      const model = new Map<string, Item>();
      for (const o of ops) {
        if (o.kind === "set") {
          items = byId.with(items, { id: o.id, n: o.n });
          model.set(o.id, { id: o.id, n: o.n });
        } else {
          items = byId.without(items, o.id);
          model.delete(o.id);
        }
        expect([...byId.values(items)]).toEqual([...model.values()]);
        expect([...byId.keys(items)]).toEqual([...model.keys()]);
        expect(byId.size(items)).toBe(model.size);
        for (let i = 0; i < 12; i++) expect(byId.get(items, `k${i}`)).toEqual(model.get(`k${i}`));
      }
    }),
  );
});
