import { expect, it } from "vitest";
import { isoUtc, localTimeToUtc, nextLocalDayHours, nextLocalDayStamps, timeZoneOf } from "./calendar.js";

it("covers the next Oslo day with 24 hours from local midnight", () => {
  const hours = nextLocalDayHours(Date.parse("2026-11-26T12:00:00Z"), "Europe/Oslo");
  expect(hours).toHaveLength(24);
  expect(isoUtc(hours[0]!)).toBe("2026-11-26T23:00:00Z");
  expect(isoUtc(hours[23]!)).toBe("2026-11-27T22:00:00Z");
});

it("takes the local date, not the UTC date, as today", () => {
  // 23:30 UTC on the 26th is already the 27th in Oslo, so the next day is the 28th.
  expect(isoUtc(nextLocalDayHours(Date.parse("2026-11-26T23:30:00Z"), "Europe/Oslo")[0]!)).toBe("2026-11-27T23:00:00Z");
});

it("has 23 hours on the spring DST change and 25 on the autumn one", () => {
  expect(nextLocalDayHours(Date.parse("2026-03-28T12:00:00Z"), "Europe/Oslo")).toHaveLength(23);
  expect(nextLocalDayHours(Date.parse("2026-10-24T12:00:00Z"), "Europe/Oslo")).toHaveLength(25);
});

it("uses Helsinki time for FI and Oslo time for Norwegian areas", () => {
  expect(timeZoneOf("FI")).toBe("Europe/Helsinki");
  expect(timeZoneOf("NO3")).toBe("Europe/Oslo");
  expect(isoUtc(localTimeToUtc(2026, 7, 1, 17, "Europe/Helsinki"))).toBe("2026-07-01T14:00:00Z");
  expect(isoUtc(localTimeToUtc(2026, 7, 1, 17, "Europe/Oslo"))).toBe("2026-07-01T15:00:00Z");
});

it("answers the next day of the local day an instant falls in, whichever instants were asked before", () => {
  const first = (at: string) => nextLocalDayStamps(Date.parse(at), "Europe/Oslo")[0];
  // The last millisecond of the 26th in Oslo, its first one of the 27th, then back (a client's clock moved back).
  expect(first("2026-11-26T22:59:59.999Z")).toBe("2026-11-26T23:00:00Z");
  expect(first("2026-11-26T23:00:00.000Z")).toBe("2026-11-27T23:00:00Z");
  expect(first("2026-11-26T22:59:59.999Z")).toBe("2026-11-26T23:00:00Z");
  expect(first("2026-11-25T23:00:00.000Z")).toBe("2026-11-26T23:00:00Z");
  expect(first("2026-11-25T22:59:59.999Z")).toBe("2026-11-25T23:00:00Z");
  const at = Date.parse("2026-10-24T12:00:00Z");
  expect(nextLocalDayStamps(at, "Europe/Oslo")).toEqual(nextLocalDayHours(at, "Europe/Oslo").map(isoUtc));
  expect(nextLocalDayStamps(at, "Europe/Oslo")).toHaveLength(25);
});
