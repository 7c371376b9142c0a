// LocationLPC and ResourceLPC events: power limits for the locations or resources the request names, or for a
// few picked ones. A name that does not resolve is a problem for the caller (a 400), returned as a message.
import type { Schema } from "../../spec/types.js";
import { meterPointOf, sample, type Catalogue, type Random } from "./catalogue.js";
import { isoUtc, localTimeToUtc, nextLocalDate } from "./calendar.js";

type LPCDataPoint = Schema<"LPCDataPoint">;
export type Resolved<T> = { payload: T; problem?: undefined } | { payload?: undefined; problem: string };

const RESOLUTION = "01:00:00";
/** How many targets a simulation picks when the request names none. */
const PICKED = 3;

/** Limits for the evening peak (17:00 to 21:00 local) of the next day. */
export function generateLimits(nowMs: number, random: Random, low: number, high: number): LPCDataPoint[] {
  const zone = "Europe/Oslo";
  const { year, month, day } = nextLocalDate(nowMs, zone);
  return [17, 18, 19, 20].map((hour) => ({
    maxPowerInKiloWatts: Math.round((low + random() * (high - low)) * 10) / 10,
    timestamp: isoUtc(localTimeToUtc(year, month, day, hour, zone)),
  }));
}

export function locationLpcPayload(
  items: Schema<"LPCLocationTarget">[] | null | undefined,
  catalogue: Catalogue,
  nowMs: number,
  random: Random,
): Resolved<Schema<"LocationLPCPayload">> {
  const targets: Schema<"LocationLPCTarget">[] = [];
  if (!items || items.length === 0) {
    for (const l of sample(catalogue.locations.filter((x) => x.meterPointIds.length > 0), PICKED, random))
      targets.push({ locationId: l.locationId, meterPointId: l.meterPointIds[0]!, resolution: RESOLUTION, points: generateLimits(nowMs, random, 3, 11) });
    return { payload: { payloadType: "LocationLPC", targets } };
  }
  for (const [i, item] of items.entries()) {
    const at = `body.locations[${i}].location`;
    const given = item.location ?? {};
    const location = given.locationId
      ? catalogue.locations.find((l) => l.locationId === given.locationId)
      : given.meterPointId
        ? catalogue.locations.find((l) => l.meterPointIds.includes(given.meterPointId!))
        : undefined;
    if (!given.locationId && !given.meterPointId) return { problem: `${at} must name a locationId or a meterPointId` };
    if (!location)
      return { problem: given.locationId ? `${at}.locationId: no location ${given.locationId} of this client` : `${at}.meterPointId: no location of this client has meter point ${given.meterPointId}` };
    const meterPointId = given.meterPointId ?? location.meterPointIds[0];
    if (!meterPointId) return { problem: `${at}: location ${location.locationId} has no meter point id; add one or send location.meterPointId` };
    targets.push({ locationId: location.locationId, meterPointId, resolution: RESOLUTION, points: item.points ?? generateLimits(nowMs, random, 3, 11) });
  }
  return { payload: { payloadType: "LocationLPC", targets } };
}

export function resourceLpcPayload(
  items: Schema<"LPCResourceTarget">[] | null | undefined,
  catalogue: Catalogue,
  nowMs: number,
  random: Random,
): Resolved<Schema<"ResourceLPCPayload">> {
  const targets: Schema<"ResourceLPCTarget">[] = [];
  if (!items || items.length === 0) {
    const withMeter = catalogue.resources.flatMap((r) => {
      const meterPointId = meterPointOf(r, catalogue);
      return meterPointId ? [{ r, meterPointId }] : [];
    });
    for (const { r, meterPointId } of sample(withMeter, PICKED, random))
      targets.push({ resourceId: r.resourceId, locationId: r.locationId, meterPointId, resolution: RESOLUTION, points: generateLimits(nowMs, random, 1.5, 7.4) });
    return { payload: { payloadType: "ResourceLPC", targets } };
  }
  for (const [i, item] of items.entries()) {
    const at = `body.resources[${i}].resource`;
    const given = item.resource ?? {};
    if (!given.resourceId) return { problem: `${at}.resourceId is required` };
    const resource = catalogue.resources.find((r) => r.resourceId === given.resourceId);
    if (!resource) return { problem: `${at}.resourceId: no location-bound resource ${given.resourceId} of this client` };
    if (given.locationId && given.locationId !== resource.locationId)
      return { problem: `${at}.locationId: resource ${resource.resourceId} is at location ${resource.locationId}, not ${given.locationId}` };
    const meterPointId = given.meterPointId ?? meterPointOf(resource, catalogue);
    if (!meterPointId) return { problem: `${at}: resource ${resource.resourceId} and its location have no meter point id; send resource.meterPointId` };
    targets.push({ resourceId: resource.resourceId, locationId: resource.locationId, meterPointId, resolution: RESOLUTION, points: item.points ?? generateLimits(nowMs, random, 1.5, 7.4) });
  }
  return { payload: { payloadType: "ResourceLPC", targets } };
}
