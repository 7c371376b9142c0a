// A user's compensation for the current month, per location: for every EnergyUsage report against a price-curve
// event, kWh × the price of the matching hour. Paid (active) when the location has a meter point id; otherwise
// blocked, with a MissingMpidOnLocation problem.
// Which month an hour counts in (one rule, docs/realism.md): the month of the hour's local date in its price area's
// time zone, the zone whose next day the price curve covers (calendar.ts), so every hour of a curve counts in the
// same month. The current month, and the `period` answered, is the month of the client's today in Oslo.
import type { Schema, SparkEventPayload } from "../../spec/types.js";
import { breather } from "./breathe.js";
import { localDateOf, timeZoneOf } from "./events/calendar.js";
import type { Location, Report, Resource } from "../state/state.js";

type Currency = Schema<"Currency">;

const ZONE = "Europe/Oslo";
const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, "0");
/** Amounts are money: rounded to the øre/cent once, after summing. */
const money = (x: number) => Math.round(x * 100) / 100;

export function currentPeriod(nowMs: number): { from: string; to: string } {
  const { year, month } = localDateOf(nowMs, ZONE);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay)}` };
}

/** The resources that the reports' energy usage names (the only ones the compensation reads). */
export function usageResourceIds(reports: readonly Report[]): Set<string> {
  const ids = new Set<string>();
  for (const report of reports) for (const p of report.payloads) if (p.payloadType === "EnergyUsage") ids.add(p.resourceId);
  return ids;
}

/**
 * The user's compensation from its locations, the resources the reports name (`resources`), and the client's
 * reports with the payloads of the events they name. Yields to the event loop every few milliseconds: a partner
 * with its whole report quota must not hold up the others (breathe.ts).
 */
export async function userCompensation(
  userId: string,
  data: { locations: readonly Location[]; resources: ReadonlyMap<string, Resource> },
  history: { reports: readonly Report[]; events: ReadonlyMap<string, SparkEventPayload> },
  nowMs: number,
): Promise<Schema<"GetUserCompensationForCurrentMonthResponse">> {
  const breathe = breather();
  const { year, month } = localDateOf(nowMs, ZONE);
  // Reports repeat the same few hours thousands of times; each hour's month in a zone is worked out once. Keys are
  // numbers and maps are per zone and per resource: a report quota holds ~500,000 points, and a string key per
  // point was most of this function's time and garbage.
  const monthOfHour = new Map<string, Map<number, boolean>>();
  const parsed = new Map<string, number>();
  const timeOf = (timestamp: string) => {
    let t = parsed.get(timestamp);
    if (t === undefined) parsed.set(timestamp, (t = Date.parse(timestamp)));
    return t;
  };
  // Resource and hour → what it earned; a later report on the same hour replaces an earlier one. `usage` keeps the
  // order in which each resource and hour first appeared (the amounts are summed in that order).
  const usage: { locationId: string; amount: number; currency: Currency | undefined }[] = [];
  const usageAt = new Map<string, Map<number, number>>();
  const locationIds = new Set(data.locations.map((l) => l.locationId));
  for (const report of history.reports) {
    const payload = history.events.get(report.eventId);
    if (payload?.payloadType !== "PriceCurve") continue;
    const curve = payload.priceCurveDelta;
    const perKWh = curve.energyUnit === "MWh" ? 1 / 1000 : 1;
    const zone = timeZoneOf(payload.priceArea ?? "Unknown");
    let inMonth = monthOfHour.get(zone);
    if (!inMonth) monthOfHour.set(zone, (inMonth = new Map()));
    const prices = new Map<number, number>();
    for (const p of curve.points ?? []) if (p.timestamp !== undefined && p.price !== undefined) prices.set(Date.parse(p.timestamp), p.price * perKWh);
    for (const payload of report.payloads) {
      await breathe();
      if (payload.payloadType !== "EnergyUsage") continue;
      const resource = data.resources.get(payload.resourceId);
      if (resource && resource.userId !== userId) continue;
      const locationId = payload.locationId ?? resource?.locationId;
      if (locationId == null || !locationIds.has(locationId)) continue;
      let hours = usageAt.get(payload.resourceId);
      if (!hours) usageAt.set(payload.resourceId, (hours = new Map()));
      for (const point of payload.points ?? payload.curvePoints ?? []) {
        const t = timeOf(point.timestamp);
        const hour = t - (((t % HOUR) + HOUR) % HOUR);
        const price = prices.get(hour);
        if (price === undefined) continue;
        let counts = inMonth.get(hour);
        if (counts === undefined) {
          const d = localDateOf(hour, zone);
          inMonth.set(hour, (counts = d.year === year && d.month === month));
        }
        if (!counts) continue;
        const amount = point.kiloWattHours * price;
        const at = hours.get(hour);
        const earlier = at === undefined ? undefined : usage[at];
        if (earlier) {
          earlier.locationId = locationId;
          earlier.amount = amount;
          earlier.currency = curve.currency;
        } else {
          hours.set(hour, usage.length);
          usage.push({ locationId, amount, currency: curve.currency });
        }
      }
    }
  }
  const earned = new Map<string, { amount: number; currency: Currency | undefined }>();
  for (const l of locationIds) earned.set(l, { amount: 0, currency: undefined });
  for (const u of usage) {
    const at = earned.get(u.locationId)!;
    at.amount += u.amount;
    at.currency ??= u.currency;
  }

  return {
    userId,
    period: currentPeriod(nowMs),
    locationCompensations: data.locations.map((l) => {
      const { amount, currency } = earned.get(l.locationId)!;
      const paid = l.meterPointIds.length > 0;
      return {
        locationId: l.locationId,
        meterPointIds: [...l.meterPointIds],
        activeAmount: paid ? money(amount) : 0,
        blockedAmount: paid ? 0 : money(amount),
        currency: currency ?? "NOK",
        problems: paid ? [] : [{ problemType: "MissingMpidOnLocation" as const, message: `location ${l.locationId} has no meter point id, so its amount cannot be paid; add one` }],
      };
    }),
  };
}
