// Calendar arithmetic in the time zones the API's days and months are counted in (the price areas' zones).

/** The local calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The calendar date after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The first and last day of the month of a date, as the API's periods name them. */
export function monthOf(date: string): { from: string; to: string } {
  const [y, m] = date.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-${String(last).padStart(2, "0")}` };
}

/** The time zone of a price area (Norway, Sweden, Denmark, Finland). */
export function zoneOf(priceArea: string): string {
  if (priceArea.startsWith("SE")) return "Europe/Stockholm";
  if (priceArea.startsWith("DK")) return "Europe/Copenhagen";
  if (priceArea === "FI") return "Europe/Helsinki";
  return "Europe/Oslo";
}
