// Per-client clocks and ISO 8601 durations.
import { expect, it } from "vitest";
import { addDuration, Clocks } from "./clock.js";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

it("adds ISO 8601 durations: fixed units exactly, years and months on the UTC calendar", () => {
  const from = at("2027-01-31T23:59:00Z");
  expect(iso(addDuration(from, "PT25H"))).toBe("2027-02-02T00:59:00.000Z");
  expect(iso(addDuration(from, "P1D"))).toBe("2027-02-01T23:59:00.000Z");
  expect(iso(addDuration(from, "P2W"))).toBe("2027-02-14T23:59:00.000Z");
  expect(iso(addDuration(from, "PT1M30.5S"))).toBe("2027-02-01T00:00:30.500Z");
  expect(iso(addDuration(from, "P1Y2M"))).toBe("2028-03-31T23:59:00.000Z");
  expect(iso(addDuration(at("2027-03-31T00:00:00Z"), "P1M"))).toBe("2027-05-01T00:00:00.000Z");
});

it("refuses what is not an unsigned ISO 8601 duration", () => {
  for (const bad of ["P-1D", "P", "PT", "1D", "P1H", "PT1D", "-PT1H", "P1.5D", "yesterday", ""]) expect(addDuration(0, bad)).toBeUndefined();
});

it("keeps each client's clock apart: set, frozen, running and reset", () => {
  let base = at("2026-12-01T12:00:00Z");
  const clocks = new Clocks(() => base);
  expect(clocks.set("acme", at("2027-01-31T23:59:00Z"))).toEqual({ now: "2027-01-31T23:59:00.000Z", offsetSeconds: 5_313_540, frozen: false });
  expect(clocks.set("globex", at("2026-12-01T11:00:00Z"), true)).toEqual({ now: "2026-12-01T11:00:00.000Z", offsetSeconds: -3600, frozen: true });
  base += 60_000;
  expect(iso(clocks.now("acme"))).toBe("2027-02-01T00:00:00.000Z");
  expect(iso(clocks.now("globex"))).toBe("2026-12-01T11:00:00.000Z");
  expect(iso(clocks.now("initech"))).toBe("2026-12-01T12:01:00.000Z");
  expect(iso(clocks.now())).toBe("2026-12-01T12:01:00.000Z");
  // Setting a frozen clock keeps it frozen unless told otherwise.
  expect(clocks.set("globex", at("2026-12-01T10:00:00Z")).frozen).toBe(true);
  expect(clocks.set("globex", at("2026-12-01T10:00:00Z"), false)).toEqual({ now: "2026-12-01T10:00:00.000Z", offsetSeconds: -7260, frozen: false });
  expect(clocks.reset("acme")).toEqual({ now: "2026-12-01T12:01:00.000Z", offsetSeconds: 0, frozen: false });
});
