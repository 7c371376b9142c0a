// The next local day of a price area, as the UTC instants that events and reports use.
// Price curves are sent the day before and cover the next local day (23 or 25 hours on a DST change).

const HOUR = 3_600_000;

/** The time zone whose local day a price area's events cover. */
export function timeZoneOf(priceArea: string): string {
  return priceArea === "FI" ? "Europe/Helsinki" : priceArea.startsWith("SE") ? "Europe/Stockholm" : priceArea.startsWith("DK") ? "Europe/Copenhagen" : "Europe/Oslo";
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Offset of the zone from UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time (never inside a DST gap for the hours used here). */
export function localTimeToUtc(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** Year, month and day of the local day after the one `nowMs` falls in. */
export function nextLocalDate(nowMs: number, timeZone: string): { year: number; month: number; day: number } {
  const today = wallClock(nowMs, timeZone);
  const d = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The hours of the next local day, kept per zone with the span of the local day they follow. */
interface NextDay {
  /** The local day `nowMs` fell in, [from, to) in UTC ms; `to` is the first of `hours`. */
  from: number;
  to: number;
  hours: readonly number[];
  stamps: readonly string[];
}
const nextDays = new Map<string, NextDay>();

/** The next local day of `nowMs`, computed once per zone and local day (each computation formats the time ~5 times). */
function nextDay(nowMs: number, timeZone: string): NextDay {
  const kept = nextDays.get(timeZone);
  if (kept && nowMs >= kept.from && nowMs < kept.to) return kept;
  const today = wallClock(nowMs, timeZone);
  const { year, month, day } = nextLocalDate(nowMs, timeZone);
  const start = localTimeToUtc(year, month, day, 0, timeZone);
  const end = localTimeToUtc(year, month, day + 1, 0, timeZone);
  const hours: number[] = [];
  for (let t = start; t < end; t += HOUR) hours.push(t);
  const computed = { from: localTimeToUtc(today.year, today.month, today.day, 0, timeZone), to: start, hours, stamps: hours.map(isoUtc) };
  nextDays.set(timeZone, computed);
  return computed;
}

/** Start of every hour of the next local day, in UTC ms. */
export function nextLocalDayHours(nowMs: number, timeZone: string): readonly number[] {
  return nextDay(nowMs, timeZone).hours;
}

/** The hours of `nextLocalDayHours` as `isoUtc` writes them. */
export function nextLocalDayStamps(nowMs: number, timeZone: string): readonly string[] {
  return nextDay(nowMs, timeZone).stamps;
}

/** `2026-11-27T00:00:00Z`: ISO 8601 in UTC without milliseconds, as the service writes timestamps. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The local calendar date of an instant. */
export function localDateOf(ms: number, timeZone: string): { year: number; month: number; day: number } {
  const { year, month, day } = wallClock(ms, timeZone);
  return { year, month, day };
}
