import { expect, it } from "vitest";
import { isoUtc, localTimeToUtc, nextLocalDayHours, timeZoneOf } from "./calendar.js";

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
