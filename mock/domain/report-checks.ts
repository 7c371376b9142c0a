// What a report may refer to: every resource and location it names must be the client's. The body has passed the
// spec (each payload by its payloadType); these are the references the schema cannot check. Pure: a store answers
// the three lookups from whatever it keeps.
import type { SparkReportPayload } from "../../spec/types.js";
import { refuse } from "./refusals.js";
import type { Resource } from "../state/state.js";

/** What the checks read of the client's data. */
export interface ReportReferences {
  resource(resourceId: string): Resource | undefined;
  /** True when some user of the client has a location with this id. */
  hasLocationId(locationId: string): boolean;
  userHasLocation(userId: string, locationId: string): boolean;
}

/** The ids a report names, so that a store can fetch just those before checking. */
export function reportReferences(payloads: readonly SparkReportPayload[]): { resourceIds: Set<string>; locationIds: Set<string> } {
  const resourceIds = new Set<string>();
  const locationIds = new Set<string>();
  for (const p of payloads) {
    switch (p.payloadType) {
      case "EnergyUsage":
        resourceIds.add(p.resourceId);
        if (p.locationId != null) locationIds.add(p.locationId);
        break;
      case "LocationEnergyUsage":
      case "LocationEnergyUsagePlan":
        locationIds.add(p.locationId);
        break;
      case "ResourceLPCAcknowledgement":
        for (const t of [...(p.acknowledgedTargets ?? []), ...(p.declinedTargets ?? [])]) {
          resourceIds.add(t.resourceId);
          if (t.locationId != null) locationIds.add(t.locationId);
        }
        break;
      case "LocationLPCAcknowledgement":
        for (const t of [...(p.acknowledgedTargets ?? []), ...(p.declinedTargets ?? [])]) locationIds.add(t.locationId);
        break;
    }
  }
  return { resourceIds, locationIds };
}

/** Some user of the client must have the location; the meter point, when it does not match, does not matter. */
function checkLocation(refs: ReportReferences, at: string, locationId: string): void {
  if (!refs.hasLocationId(locationId)) throw refuse("report-no-location", { at, locationId });
}

function checkResource(refs: ReportReferences, at: string, resourceId: string, locationId: string | null | undefined): void {
  const r = refs.resource(resourceId);
  if (!r) throw refuse("report-no-resource", { at, resourceId });
  if (locationId == null) return;
  if (r.locationId !== null && r.locationId !== locationId) throw refuse("report-resource-elsewhere", { at, resourceId, actual: r.locationId, locationId });
  if (r.locationId === null && !refs.userHasLocation(r.userId, locationId)) throw refuse("report-user-has-no-location", { at, userId: r.userId, locationId });
}

function checkPayload(refs: ReportReferences, at: string, p: SparkReportPayload): void {
  switch (p.payloadType) {
    case "EnergyUsage":
      return checkResource(refs, at, p.resourceId, p.locationId);
    case "LocationEnergyUsage":
    case "LocationEnergyUsagePlan":
      return checkLocation(refs, at, p.locationId);
    case "ResourceLPCAcknowledgement":
      for (const [list, targets] of [["acknowledgedTargets", p.acknowledgedTargets], ["declinedTargets", p.declinedTargets]] as const)
        (targets ?? []).forEach((t, i) => checkResource(refs, `${at}.${list}[${i}]`, t.resourceId, t.locationId));
      return;
    case "LocationLPCAcknowledgement":
      for (const [list, targets] of [["acknowledgedTargets", p.acknowledgedTargets], ["declinedTargets", p.declinedTargets]] as const)
        (targets ?? []).forEach((t, i) => checkLocation(refs, `${at}.${list}[${i}]`, t.locationId));
      return;
  }
}

/** Throws a 400 naming the first payload (`body.payloads[i]…`) that refers to something the client does not have. */
export function checkReportPayloads(payloads: readonly SparkReportPayload[], refs: ReportReferences): void {
  payloads.forEach((p, i) => checkPayload(refs, `body.payloads[${i}]`, p));
}
