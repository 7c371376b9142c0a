import { expect, it } from "vitest";
import { createValidators } from "../../../spec/validators.js";
import type { Catalogue } from "./catalogue.js";
import { currencyOf, defaultPriceCurveTargets, priceCurvePayload, PRICE_AREAS } from "./price-curve.js";

const validators = createValidators();
const NOW = Date.parse("2026-11-26T12:00:00Z");
const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

const catalogue: Catalogue = {
  resources: [
    { resourceId: "r1", userId: "u1", locationId: "l1", meterPointId: null },
    { resourceId: "r2", userId: "u2", locationId: "l2", meterPointId: "707057500000000002" },
  ],
  locations: [
    { locationId: "l1", userId: "u1", meterPointIds: ["707057500000000001"] },
    { locationId: "l2", userId: "u2", meterPointIds: [] },
  ],
  enrolledUserIds: new Set(["u2"]),
};

it("generates 24 hourly points for the next Oslo day, a price area and its currency", () => {
  const payload = priceCurvePayload({}, defaultPriceCurveTargets(catalogue), NOW, seq(0));
  expect(validators.schema("SparkEventPayload", payload)).toEqual({ valid: true, issues: [] });
  expect(payload.priceArea).toBe("NO1");
  expect(payload.targets).toEqual([{ resourceId: "r2", locationId: "l2" }]);
  const delta = payload.priceCurveDelta;
  expect([delta.energyUnit, delta.currency, delta.resolution]).toEqual(["kWh", "NOK", "01:00:00"]);
  expect(delta.points).toHaveLength(24);
  expect(delta.points![0]).toEqual({ price: 0.1, timestamp: "2026-11-26T23:00:00Z" });
  expect(delta.points![8]).toEqual({ price: 0.7, timestamp: "2026-11-27T07:00:00Z" });
  expect(delta.points![23]!.timestamp).toBe("2026-11-27T22:00:00Z");
});

it("picks every price area with its currency and stays valid", () => {
  for (const [i, area] of PRICE_AREAS.entries()) {
    const payload = priceCurvePayload(undefined, defaultPriceCurveTargets(catalogue), NOW, seq((i + 0.5) / PRICE_AREAS.length, 0.5));
    expect(payload.priceArea).toBe(area);
    expect(payload.priceCurveDelta.currency).toBe(currencyOf(area));
    expect(validators.schema("PriceCurvePayload", payload).issues).toEqual([]);
  }
  expect(PRICE_AREAS.map(currencyOf)).toEqual(["NOK", "NOK", "NOK", "NOK", "NOK", "SEK", "SEK", "SEK", "SEK", "DKK", "DKK", "EUR"]);
});

it("keeps every part the request gives", () => {
  const request = {
    priceArea: "SE3" as const,
    targets: [{ resourceId: "rx", locationId: "lx" }],
    priceCurveDelta: { points: [{ price: 1.5, timestamp: "2026-11-27T00:00:00Z" }], energyUnit: "MWh" as const, currency: "EUR" as const, resolution: "01:00:00" },
  };
  expect(priceCurvePayload(request, request.targets, NOW, seq(0.3))).toEqual({ payloadType: "PriceCurve", ...request });
});

it("fills only the omitted parts of a partial price curve", () => {
  const payload = priceCurvePayload({ priceArea: "FI", priceCurveDelta: { energyUnit: "MWh" } }, defaultPriceCurveTargets(catalogue), NOW, seq(0.5));
  expect(payload.priceCurveDelta.currency).toBe("EUR");
  // Helsinki midnight is 22:00 UTC in winter; prices are per MWh.
  expect(payload.priceCurveDelta.points![0]).toEqual({ price: 500, timestamp: "2026-11-26T22:00:00Z" });
  expect(validators.schema("PriceCurvePayload", payload).issues).toEqual([]);
});

it("targets the enrolled users' resources, else every location-bound resource, else none", () => {
  expect(defaultPriceCurveTargets(catalogue)).toEqual([{ resourceId: "r2", locationId: "l2" }]);
  expect(defaultPriceCurveTargets({ ...catalogue, enrolledUserIds: new Set() })).toEqual([
    { resourceId: "r1", locationId: "l1" },
    { resourceId: "r2", locationId: "l2" },
  ]);
  const empty = priceCurvePayload({ targets: [] }, defaultPriceCurveTargets({ resources: [], locations: [], enrolledUserIds: new Set() }), NOW, seq(0));
  expect(empty.targets).toEqual([]);
  expect(validators.schema("PriceCurvePayload", empty).issues).toEqual([]);
});
