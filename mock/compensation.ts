// A user's compensation for the current month, per location: for every EnergyUsage report against a price-curve
// event, kWh × the price of the matching hour. Paid (active) when the location has a meter point id; otherwise
// blocked, with a MissingMpidOnLocation problem. Months are Norwegian local months, like the price curves' days.
import type { Schema, SparkEventPayload } from "../spec/types.js";
import { localDateOf } from "./events/calendar.js";
import { payloadOf, type ClientPush } from "./push-store.js";
import { locationsById, type ClientData, type UserRecord } from "./store.js";

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

export function userCompensation(user: UserRecord, data: ClientData, push: ClientPush, nowMs: number): Schema<"GetUserCompensationForCurrentMonthResponse"> {
  const { year, month } = localDateOf(nowMs, ZONE);
  const inMonth = (ms: number) => {
    const d = localDateOf(ms, ZONE);
    return d.year === year && d.month === month;
  };
  // Resource and hour → what it earned; a later report on the same hour replaces an earlier one.
  const usage = new Map<string, { locationId: string; amount: number; currency: Currency | undefined }>();
  // Each reported event's payload, parsed once per call (several reports usually name the same event).
  const payloads = new Map<string, SparkEventPayload | undefined>();
  for (const report of push.reports) {
    if (!payloads.has(report.eventId)) {
      const event = push.eventsById.get(report.eventId);
      payloads.set(report.eventId, event && payloadOf(event));
    }
    const payload = payloads.get(report.eventId);
    if (payload?.payloadType !== "PriceCurve") continue;
    const curve = payload.priceCurveDelta;
    const perKWh = curve.energyUnit === "MWh" ? 1 / 1000 : 1;
    const prices = new Map<number, number>();
    for (const p of curve.points ?? []) if (p.timestamp !== undefined && p.price !== undefined) prices.set(Date.parse(p.timestamp), p.price * perKWh);
    for (const payload of report.payloads) {
      if (payload.payloadType !== "EnergyUsage") continue;
      const resource = data.resources.get(payload.resourceId);
      if (resource && resource.userId !== user.userId) continue;
      const locationId = payload.locationId ?? resource?.locationId;
      if (locationId == null || !locationsById.has(user.locations, locationId)) continue;
      for (const point of payload.points ?? payload.curvePoints ?? []) {
        const t = Date.parse(point.timestamp);
        const hour = t - (((t % HOUR) + HOUR) % HOUR);
        const price = prices.get(hour);
        if (price === undefined || !inMonth(hour)) continue;
        usage.set(`${payload.resourceId} ${hour}`, { locationId, amount: point.kiloWattHours * price, currency: curve.currency });
      }
    }
  }
  const earned = new Map<string, { amount: number; currency: Currency | undefined }>();
  for (const l of locationsById.keys(user.locations)) earned.set(l, { amount: 0, currency: undefined });
  for (const u of usage.values()) {
    const at = earned.get(u.locationId)!;
    at.amount += u.amount;
    at.currency ??= u.currency;
  }

  return {
    userId: user.userId,
    period: currentPeriod(nowMs),
    locationCompensations: [...locationsById.values(user.locations)].map((l) => {
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
