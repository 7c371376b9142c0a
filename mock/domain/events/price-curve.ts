// PriceCurve events as the sandbox simulates them: what the request leaves out is generated.
import type { Schema } from "../../../spec/types.js";
import type { Catalogue, Random } from "./catalogue.js";
import { pick } from "./catalogue.js";
import { nextLocalDayStamps, timeZoneOf } from "./calendar.js";

type PriceArea = Schema<"PriceArea">;
type Currency = Schema<"Currency">;

export const PRICE_AREAS: readonly PriceArea[] = ["NO1", "NO2", "NO3", "NO4", "NO5", "SE1", "SE2", "SE3", "SE4", "DK1", "DK2", "FI"];

export function currencyOf(priceArea: PriceArea): Currency {
  return priceArea.startsWith("SE") ? "SEK" : priceArea.startsWith("DK") ? "DKK" : priceArea === "FI" ? "EUR" : "NOK";
}

/** The default targets: resources of enrolled users, or, when none are enrolled, every location-bound resource. */
export function defaultPriceCurveTargets(catalogue: Catalogue): Schema<"PriceCurveTarget">[] {
  const enrolled = catalogue.resources.filter((r) => catalogue.enrolledUserIds.has(r.userId));
  return (enrolled.length > 0 ? enrolled : catalogue.resources).map((r) => ({ resourceId: r.resourceId, locationId: r.locationId }));
}

/**
 * A 400 message for the first target that is not a location-bound resource of the client at that location.
 * `resourceOf` answers the client's resource of an id (resource ids are unique per client), or undefined.
 */
export function unknownPriceCurveTarget(targets: readonly Schema<"PriceCurveTarget">[], resourceOf: (resourceId: string) => { locationId: string | null } | undefined): string | undefined {
  for (const [i, t] of targets.entries()) {
    const resource = resourceOf(t.resourceId);
    if (!resource || resource.locationId === null) return `body.targets[${i}].resourceId: no location-bound resource ${t.resourceId} of this client`;
    if (resource.locationId !== t.locationId) return `body.targets[${i}].locationId: resource ${t.resourceId} is at location ${resource.locationId}, not ${t.locationId}`;
  }
  return undefined;
}

/** Hourly incentives for the next local day: cheap at night, dearer at the morning and evening peaks. */
function generatePoints(priceArea: PriceArea, nowMs: number, random: Random, perMWh: boolean): Schema<"PriceCurvePoint">[] {
  const zone = timeZoneOf(priceArea);
  return nextLocalDayStamps(nowMs, zone).map((timestamp, hour) => {
    const peak = (hour >= 7 && hour < 10) || (hour >= 17 && hour < 21) ? 0.6 : 0;
    const price = Math.round((0.1 + random() * 0.8 + peak) * 100) / 100;
    return { price: perMWh ? price * 1000 : price, timestamp };
  });
}

/** A PriceCurve payload from the simulation request, with every omitted part generated (`targets` are the request's or the defaults). */
export function priceCurvePayload(
  request: Schema<"SimulatePriceCurveEventRequest"> | undefined,
  targets: Schema<"PriceCurveTarget">[],
  nowMs: number,
  random: Random,
): Schema<"PriceCurvePayload"> {
  const priceArea = request?.priceArea ?? pick(PRICE_AREAS, random);
  const given = request?.priceCurveDelta ?? {};
  const energyUnit = given.energyUnit ?? "kWh";
  return {
    payloadType: "PriceCurve",
    priceArea,
    targets,
    priceCurveDelta: {
      points: given.points ?? generatePoints(priceArea, nowMs, random, energyUnit === "MWh"),
      energyUnit,
      currency: given.currency ?? currencyOf(priceArea === "Unknown" ? "NO1" : priceArea),
      resolution: given.resolution ?? "01:00:00",
    },
  };
}
