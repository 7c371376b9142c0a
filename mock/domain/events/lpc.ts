// LocationLPC and ResourceLPC events: power limits for the locations or resources the request names, or for a
// few picked ones. A name that does not resolve is a problem for the caller (a 400), returned as a message.
import type { Schema } from "../../../spec/types.js";
import { meterPointOf, sample, type Catalogue, type CatalogueResource, type Random } from "./catalogue.js";
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

/** Up to PICKED locations with a meter point, each limited with `points` (or generated limits). */
function pickedLocations(catalogue: Catalogue, nowMs: number, random: Random, points?: LPCDataPoint[] | null): Schema<"LocationLPCTarget">[] {
  return sample(catalogue.locations.filter((x) => x.meterPointIds.length > 0), PICKED, random).map((l) => ({
    locationId: l.locationId,
    meterPointId: l.meterPointIds[0]!,
    resolution: RESOLUTION,
    points: points ?? generateLimits(nowMs, random, 3, 11),
  }));
}

/**
 * Targets of a LocationLPC event. A target names its location by id or by meter point; one that names neither
 * (the spec makes both optional) is limited like a request without targets: up to 3 picked locations.
 */
export function locationLpcPayload(
  items: Schema<"LPCLocationTarget">[] | null | undefined,
  catalogue: Catalogue,
  nowMs: number,
  random: Random,
): Resolved<Schema<"LocationLPCPayload">> {
  if (!items || items.length === 0) return { payload: { payloadType: "LocationLPC", targets: pickedLocations(catalogue, nowMs, random) } };
  const targets: Schema<"LocationLPCTarget">[] = [];
  for (const [i, item] of items.entries()) {
    const at = `body.locations[${i}].location`;
    const given = item.location ?? {};
    if (!given.locationId && !given.meterPointId) {
      targets.push(...pickedLocations(catalogue, nowMs, random, item.points));
      continue;
    }
    const location = given.locationId
      ? catalogue.locations.find((l) => l.locationId === given.locationId)
      : catalogue.locations.find((l) => l.meterPointIds.includes(given.meterPointId!));
    if (!location)
      return { problem: given.locationId ? `${at}.locationId: no location ${given.locationId} of this client` : `${at}.meterPointId: no location of this client has meter point ${given.meterPointId}` };
    const meterPointId = given.meterPointId ?? location.meterPointIds[0];
    if (!meterPointId) return { problem: `${at}: location ${location.locationId} has no meter point id; add one or send location.meterPointId` };
    targets.push({ locationId: location.locationId, meterPointId, resolution: RESOLUTION, points: item.points ?? generateLimits(nowMs, random, 3, 11) });
  }
  return { payload: { payloadType: "LocationLPC", targets } };
}

/** Up to PICKED location-bound resources with a meter point, each limited with `points` (or generated limits). */
function pickedResources(catalogue: Catalogue, nowMs: number, random: Random, points?: LPCDataPoint[] | null): Schema<"ResourceLPCTarget">[] {
  const withMeter = catalogue.resources.flatMap((r) => {
    const meterPointId = meterPointOf(r, catalogue);
    return meterPointId ? [{ r, meterPointId }] : [];
  });
  return sample(withMeter, PICKED, random).map(({ r, meterPointId }) => ({
    resourceId: r.resourceId,
    locationId: r.locationId,
    meterPointId,
    resolution: RESOLUTION,
    points: points ?? generateLimits(nowMs, random, 1.5, 7.4),
  }));
}

/** The resources a target names: by id, else every one at the location, else every one at the meter point. */
function namedResources(given: Schema<"ResourceTarget">, catalogue: Catalogue, at: string): Resolved<CatalogueResource[]> {
  if (given.resourceId) {
    const resource = catalogue.resources.find((r) => r.resourceId === given.resourceId);
    if (!resource) return { problem: `${at}.resourceId: no location-bound resource ${given.resourceId} of this client` };
    if (given.locationId && given.locationId !== resource.locationId)
      return { problem: `${at}.locationId: resource ${resource.resourceId} is at location ${resource.locationId}, not ${given.locationId}` };
    return { payload: [resource] };
  }
  if (given.locationId) {
    const found = catalogue.resources.filter((r) => r.locationId === given.locationId);
    return found.length > 0 ? { payload: found } : { problem: `${at}.locationId: no location-bound resource of this client at location ${given.locationId}` };
  }
  const mp = given.meterPointId!;
  const found = catalogue.resources.filter((r) => r.meterPointId === mp || catalogue.locations.some((l) => l.locationId === r.locationId && l.userId === r.userId && l.meterPointIds.includes(mp)));
  return found.length > 0 ? { payload: found } : { problem: `${at}.meterPointId: no location-bound resource of this client at meter point ${mp}` };
}

/**
 * Targets of a ResourceLPC event. A target names a resource by id, or all of a location's resources by location
 * id or meter point (the spec makes `resourceId` optional); one that names nothing is limited like a request
 * without targets: up to 3 picked resources.
 */
export function resourceLpcPayload(
  items: Schema<"LPCResourceTarget">[] | null | undefined,
  catalogue: Catalogue,
  nowMs: number,
  random: Random,
): Resolved<Schema<"ResourceLPCPayload">> {
  if (!items || items.length === 0) return { payload: { payloadType: "ResourceLPC", targets: pickedResources(catalogue, nowMs, random) } };
  const targets: Schema<"ResourceLPCTarget">[] = [];
  for (const [i, item] of items.entries()) {
    const at = `body.resources[${i}].resource`;
    const given = item.resource ?? {};
    if (!given.resourceId && !given.locationId && !given.meterPointId) {
      targets.push(...pickedResources(catalogue, nowMs, random, item.points));
      continue;
    }
    const named = namedResources(given, catalogue, at);
    if (named.problem !== undefined) return { problem: named.problem };
    for (const resource of named.payload) {
      const meterPointId = given.meterPointId ?? meterPointOf(resource, catalogue);
      if (!meterPointId) return { problem: `${at}: resource ${resource.resourceId} and its location have no meter point id; send resource.meterPointId` };
      targets.push({ resourceId: resource.resourceId, locationId: resource.locationId, meterPointId, resolution: RESOLUTION, points: item.points ?? generateLimits(nowMs, random, 1.5, 7.4) });
    }
  }
  return { payload: { payloadType: "ResourceLPC", targets } };
}
