import fc from "fast-check";
import { expect, it } from "vitest";
import { Retained } from "./retained.js";

it("keeps the newest items up to its capacity and hands back the one that drops out", () => {
  const list = new Retained<string>(3);
  expect(["a", "b", "c", "d", "e"].map((x) => list.push(x) ?? null)).toEqual([null, null, null, "a", "b"]);
  expect({ length: list.length, items: [...list], newest: list.newest(0, 10), page2: list.newest(2, 2), oldest: list.at(0), none: list.at(3) }).toEqual({
    length: 3,
    items: ["c", "d", "e"],
    newest: ["e", "d", "c"],
    page2: ["c"],
    oldest: "c",
    none: undefined,
  });
});

it("agrees with the last items of an unbounded list for any capacity and any number of items", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer(), { maxLength: 80 }), fc.nat(30), fc.integer({ min: 1, max: 30 }), (capacity, items, skip, count) => {
      const list = new Retained<number>(capacity);
      for (const x of items) list.push(x);
      const kept = items.slice(Math.max(0, items.length - capacity));
      expect([...list]).toEqual(kept);
      expect([...list.newestFirst()]).toEqual([...kept].reverse());
      expect(list.newest(skip, count)).toEqual([...kept].reverse().slice(skip, skip + count));
    }),
  );
});

it("refuses a capacity below 1", () => {
  expect(() => new Retained(0)).toThrow("capacity must be a whole number >= 1, got 0");
});

it("drops its oldest items on demand and agrees with a plain list through any mix of pushes and drops", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.oneof(fc.integer(), fc.constant(null)), { maxLength: 120 }), (capacity, steps) => {
      const list = new Retained<number>(capacity);
      let model: number[] = [];
      for (const step of steps) {
        if (step === null) expect(list.dropOldest()).toEqual(model.shift());
        else {
          const dropped = model.length === capacity ? model.shift() : undefined;
          model.push(step);
          expect(list.push(step)).toEqual(dropped);
        }
        model = model.slice(-capacity);
      }
      expect([...list]).toEqual(model);
      expect(list.length).toBe(model.length);
      expect(list.newest(0, 3)).toEqual([...model].reverse().slice(0, 3));
    }),
  );
});
