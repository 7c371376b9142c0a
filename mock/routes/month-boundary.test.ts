// Which month an hour counts in, across a month boundary in every price area: the month of the hour's local date in
// its price area's zone. A curve made on 31 January covers 1 February there (for Finland from 22:00Z, still
// 31 January in Oslo), so none of its hours count in January and all of them count in February.
import { expect, it } from "vitest";
import { useMock } from "../testing.js";

const AREAS = ["NO1", "NO2", "NO3", "NO4", "NO5", "SE1", "SE2", "SE3", "SE4", "DK1", "DK2", "FI"] as const;
const CURRENCY: Record<(typeof AREAS)[number], string> = { NO1: "NOK", NO2: "NOK", NO3: "NOK", NO4: "NOK", NO5: "NOK", SE1: "SEK", SE2: "SEK", SE3: "SEK", SE4: "SEK", DK1: "DKK", DK2: "DKK", FI: "EUR" };

interface Curve {
  id: string;
  payload: { priceArea: string; priceCurveDelta: { currency: string; points: { price: number; timestamp: string }[] } };
}

it("counts every hour of a curve made on the last day of a month in the next month, in each price area", async () => {
  let now = Date.parse("2027-01-31T12:00:00Z");
  const mock = await useMock({ now: () => now, randomSeed: 1, tokenTtlSeconds: 60 * 24 * 3600 });
  const api = await mock.login();
  const expected: Record<string, { amount: number; currency: string }> = {};
  for (const area of AREAS) {
    const [u, l, r] = [`u-${area}`, `l-${area}`, `r-${area}`];
    await api.post("/users", { userId: u });
    await api.post(`/users/${u}/locations`, { locationId: l, meterPointIds: [`70705750000000${AREAS.indexOf(area)}`.padEnd(18, "0")] });
    await api.post(`/users/${u}/locations/${l}/resources`, { resourceId: r, resourceType: "HotWaterTank" });
    const curve = ((await api.post("/simulation/events/pricecurve", { priceArea: area, targets: [{ resourceId: r, locationId: l }] })).body as { simulatedEvent: Curve }).simulatedEvent;
    const points = curve.payload.priceCurveDelta.points;
    // The curve covers 1 February, local time of the area: from its midnight to the next.
    const [first, last] = area === "FI" ? ["2027-01-31T22:00:00Z", "2027-02-01T21:00:00Z"] : ["2027-01-31T23:00:00Z", "2027-02-01T22:00:00Z"];
    expect([points.length, points[0]!.timestamp, points.at(-1)!.timestamp, curve.payload.priceCurveDelta.currency]).toEqual([24, first, last, CURRENCY[area]]);
    const report = await api.post("/reports", {
      eventId: curve.id,
      payloads: [{ payloadType: "EnergyUsage", resourceId: r, locationId: l, resolution: "01:00:00", points: points.map((p) => ({ timestamp: p.timestamp, kiloWattHours: 2 })) }],
    });
    expect(report.status).toBe(200);
    expected[area] = { amount: Math.round(points.reduce((sum, p) => sum + 2 * p.price, 0) * 100) / 100, currency: CURRENCY[area] };
  }
  const earned = async (area: string) => {
    const body = (await api.get(`/users/u-${area}/compensation`)).body as { period: { from: string }; locationCompensations: { activeAmount: number; currency: string }[] };
    return { from: body.period.from, amount: body.locationCompensations[0]!.activeAmount, currency: body.locationCompensations[0]!.currency };
  };
  for (const area of AREAS) expect(await earned(area)).toEqual({ from: "2027-01-01", amount: 0, currency: "NOK" });
  now = Date.parse("2027-02-15T12:00:00Z");
  for (const area of AREAS) expect(await earned(area)).toEqual({ from: "2027-02-01", ...expected[area] });
  now = Date.parse("2027-03-01T00:30:00Z");
  for (const area of AREAS) expect(await earned(area)).toEqual({ from: "2027-03-01", amount: 0, currency: "NOK" });
});
