// One client's data in memory (its users with their locations, resources and enrollment, and the indexes kept
// beside them), the records the in-memory store keeps, and the small helpers both read them with.
import type { Coordinate, LocationType, ResourceType } from "../../../spec/types.js";
import { inEligibleArea, type EligibleArea } from "../../domain/eligibility.js";
import { FewBy, type Few } from "../../http/few.js";

export interface ResourceRecord {
  resourceId: string;
  resourceType: ResourceType;
  userId: string;
  /** null for vehicles. */
  locationId: string | null;
  meterPointId: string | null;
}

export interface LocationRecord {
  userId: string;
  locationId: string;
  locationType: LocationType;
  coordinates: Coordinate | null;
  meterPointIds: string[];
  /** Read with `resourcesById`. */
  resources: Few<ResourceRecord>;
}

export interface EnrollmentRecord {
  enrollmentId: string;
  enrollmentDate: string;
}

export interface UserRecord {
  userId: string;
  /** Read with `locationsById`. */
  locations: Few<LocationRecord>;
  /** Vehicles and location-bound resources, in creation order; read with `resourcesById`. */
  resources: Few<ResourceRecord>;
  enrollment: EnrollmentRecord | undefined;
}

/** One client's data. Nothing in it is reachable from another client. */
export class ClientData {
  readonly users = new Map<string, UserRecord>();
  readonly resources = new Map<string, ResourceRecord>();
  /** Users with a location in an eligible area, kept up to date on every change. */
  readonly eligibleUsers = new Set<string>();
  /** Meter point id → the location that carries it, or a Set once several do (most meter points have one). */
  readonly meterPoints = new Map<string, LocationRecord | Set<LocationRecord>>();
  /** `users` in insertion order, so a page is a slice, not a walk; appended to on add, rebuilt after a delete. */
  userList: UserRecord[] | undefined;
  /** Location id → how many of the client's users have a location with that id (ids are unique per user only). */
  readonly locationIds = new Map<string, number>();
  /** The client's locations: the sum of `locationIds`' counts, kept as they change (a quota check reads it per request). */
  locationCount = 0;
  /**
   * What each simulated data set created: the records themselves, so that an object the partner deleted and created
   * again under the same id is not mistaken for the simulated one when the sets are removed.
   */
  readonly simulated: SimulatedRecords[] = [];

  /** True when some user of the client has a location with this id (a map lookup, not a walk over the users). */
  hasLocationId(locationId: string): boolean {
    return this.locationIds.has(locationId);
  }

  /** The locations that carry a meter point. */
  locationsWithMeterPoint(meterPointId: string): Iterable<LocationRecord> {
    const entry = this.meterPoints.get(meterPointId);
    return entry === undefined ? [] : entry instanceof Set ? entry : [entry];
  }

  /** Counts a location id in or out (a user's location added or removed). */
  countLocationId(locationId: string, by: 1 | -1): void {
    const n = (this.locationIds.get(locationId) ?? 0) + by;
    this.locationCount += by;
    if (n > 0) this.locationIds.set(locationId, n);
    else this.locationIds.delete(locationId);
  }

  /** Adds the location to the meter point index. */
  index(l: LocationRecord): void {
    for (const id of l.meterPointIds) {
      const entry = this.meterPoints.get(id);
      if (entry === undefined || entry === l) this.meterPoints.set(id, l);
      else if (entry instanceof Set) entry.add(l);
      else this.meterPoints.set(id, new Set([entry, l]));
    }
  }

  /** Drops the location from the meter point index and (unless it is only being edited) its resources. */
  unindex(l: LocationRecord, withResources = true): void {
    for (const id of l.meterPointIds) {
      const entry = this.meterPoints.get(id);
      if (entry === l) this.meterPoints.delete(id);
      else if (entry instanceof Set) {
        entry.delete(l);
        if (entry.size === 1) for (const only of entry) this.meterPoints.set(id, only);
      }
    }
    if (!withResources) return;
    const u = this.users.get(l.userId);
    for (const id of resourcesById.keys(l.resources)) {
      this.resources.delete(id);
      if (u) u.resources = resourcesById.without(u.resources, id);
    }
    l.resources = undefined;
  }

  /** Adds the user to the eligible users, or takes it out, from where its locations are now. */
  refreshEligibility(u: UserRecord, areas: EligibleArea[]): void {
    let eligible = false;
    for (const l of locationsById.values(u.locations)) if ((eligible = inEligibleArea(areas, l.coordinates))) break;
    if (eligible === this.eligibleUsers.has(u.userId)) return;
    if (eligible) this.eligibleUsers.add(u.userId);
    else this.eligibleUsers.delete(u.userId);
  }
}

export interface SimulatedRecords {
  users: UserRecord[];
  locations: LocationRecord[];
  resources: ResourceRecord[];
}

/** Reads (and, in the store, changes) a user's `locations`. */
export const locationsById = new FewBy((l: LocationRecord) => l.locationId);
/** Reads (and, in the store, changes) the `resources` of a user or a location. */
export const resourcesById = new FewBy((r: ResourceRecord) => r.resourceId);

/** One copy of each value of a small set (an enum): a parsed body holds a new copy of the same string every time. */
export function canonical<T>(seen: Map<T, T>, value: T): T {
  let kept = seen.get(value);
  if (kept === undefined) seen.set(value, (kept = value));
  return kept;
}


