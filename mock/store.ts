// The in-memory data of the mock: per client, its users with their locations, resources and enrollment.
// Maps everywhere (ids such as `__proto__` are plain keys; a user's or a location's own few items are `Few`,
// which costs next to nothing while small), O(1) lookups, and every rule of the service
// (404 for an unknown parent, 409 for a duplicate id, cascading deletes) enforced here, once.
import { randomUUID } from "node:crypto";
import type { Coordinate, LocationType, PatchLocationRequest, ResourceType, SparkReportPayload } from "../spec/types.js";
import { inEligibleArea, type EligibleArea } from "./eligibility.js";
import { ApiError } from "./errors.js";
import type { Catalogue } from "./events/catalogue.js";
import { FewBy, type Few } from "./few.js";
import { checkReportPayloads } from "./report-checks.js";
import type { DataStore, LocationInput, Page, ResourceInput, SimulatedPlan, Slice } from "./state.js";

export type { LocationInput };

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
}

export interface SimulatedRecords {
  users: UserRecord[];
  locations: LocationRecord[];
  resources: ResourceRecord[];
}

/** `items` from `start`, at most `size` of them (all without a slice), walking an iterable only as far as needed. */
function sliceOf<T>(items: Iterable<T>, total: number, slice: Slice | undefined): Page<T> {
  if (!slice) return { items: [...items], total };
  if (Array.isArray(items)) return { items: items.slice(slice.start, slice.start + slice.size), total };
  const out: T[] = [];
  if (slice.start < total && slice.size > 0) {
    let i = 0;
    for (const item of items) {
      if (i++ < slice.start) continue;
      out.push(item);
      if (out.length === slice.size) break;
    }
  }
  return { items: out, total };
}

/** Reads (and, in the store, changes) a user's `locations`. */
export const locationsById = new FewBy((l: LocationRecord) => l.locationId);
/** Reads (and, in the store, changes) the `resources` of a user or a location. */
export const resourcesById = new FewBy((r: ResourceRecord) => r.resourceId);

/** One copy of each value of a small set (an enum): a parsed body holds a new copy of the same string every time. */
function canonical<T>(seen: Map<T, T>, value: T): T {
  let kept = seen.get(value);
  if (kept === undefined) seen.set(value, (kept = value));
  return kept;
}

/** Combines `meterPointIds` with the deprecated singular `meterPointId` (which goes first when it is not listed). */
export function meterPointIdsOf(input: { meterPointIds?: string[] | null; meterPointId?: string | null }): string[] {
  const ids = [...(input.meterPointIds ?? [])];
  if (input.meterPointId != null && !ids.includes(input.meterPointId)) ids.unshift(input.meterPointId);
  return ids;
}

const copyCoordinates = (c: Coordinate | null | undefined): Coordinate | null =>
  c == null ? null : { ...(c.latitude !== undefined && { latitude: c.latitude }), ...(c.longitude !== undefined && { longitude: c.longitude }) };

/**
 * The in-memory `DataStore`: every method answers at once. Its records are the stored objects themselves (handlers
 * only read them), so a read costs no copy.
 */
export class Store implements DataStore {
  readonly #clients = new Map<string, ClientData>();
  readonly #locationTypes = new Map<LocationType, LocationType>();
  readonly #resourceTypes = new Map<ResourceType, ResourceType>();

  constructor(
    private readonly areas: EligibleArea[],
    private readonly now: (clientId: string) => number,
  ) {}

  /** The client's data (created empty on first use). */
  data(clientId: string): ClientData {
    let d = this.#clients.get(clientId);
    if (!d) {
      d = new ClientData();
      this.#clients.set(clientId, d);
    }
    return d;
  }

  /** Forgets all of the client's data (the control API's reset). */
  clear(clientId: string): void {
    this.#clients.delete(clientId);
  }

  // Users

  user(clientId: string, userId: string): UserRecord {
    const u = this.data(clientId).users.get(userId);
    if (!u) throw new ApiError(404, "user-not-found", `user ${userId} does not exist`);
    return u;
  }

  addUser(clientId: string, userId: string): UserRecord {
    const d = this.data(clientId);
    if (d.users.has(userId)) throw new ApiError(409, "user-exists", `user ${userId} exists already`);
    const u: UserRecord = { userId, locations: undefined, resources: undefined, enrollment: undefined };
    d.users.set(userId, u);
    d.userList?.push(u);
    return u;
  }

  /** The client's users in the order they were added. */
  usersInOrder(clientId: string): readonly UserRecord[] {
    const d = this.data(clientId);
    return (d.userList ??= [...d.users.values()]);
  }

  users(clientId: string, slice: Slice): Page<UserRecord> {
    const all = this.usersInOrder(clientId);
    return sliceOf(all, all.length, slice);
  }

  /** All or nothing: a duplicate (stored or within the batch) refuses the whole batch, naming the item. */
  addUsers(clientId: string, userIds: string[]): UserRecord[] {
    const d = this.data(clientId);
    const seen = new Set<string>();
    userIds.forEach((id, i) => {
      if (d.users.has(id) || seen.has(id)) throw new ApiError(409, "user-exists", `body.users[${i}].userId: user ${id} ${seen.has(id) ? "appears twice in the batch" : "exists already"}`);
      seen.add(id);
    });
    return userIds.map((id) => this.addUser(clientId, id));
  }

  /** Removes the user with its locations, resources and enrollment. */
  deleteUser(clientId: string, userId: string): void {
    const d = this.data(clientId);
    const u = this.user(clientId, userId);
    for (const l of locationsById.values(u.locations)) {
      this.#unindex(d, l);
      this.#countLocationId(d, l.locationId, -1);
    }
    for (const id of resourcesById.keys(u.resources)) d.resources.delete(id);
    d.users.delete(userId);
    d.userList = undefined;
    d.eligibleUsers.delete(userId);
  }

  // Locations

  location(clientId: string, userId: string, locationId: string): LocationRecord {
    const l = locationsById.get(this.user(clientId, userId).locations, locationId);
    if (!l) throw new ApiError(404, "location-not-found", `user ${userId} has no location ${locationId}`);
    return l;
  }

  locations(clientId: string, userId: string): LocationRecord[] {
    return [...locationsById.values(this.user(clientId, userId).locations)];
  }

  addLocation(clientId: string, userId: string, locationId: string, input: LocationInput): LocationRecord {
    const u = this.user(clientId, userId);
    if (locationsById.has(u.locations, locationId)) throw new ApiError(409, "location-exists", `user ${userId} has a location ${locationId} already`);
    // Records take the ids already stored (the user's own userId), not the request's copies of the same strings.
    const l: LocationRecord = { userId: u.userId, locationId, locationType: "Unknown", coordinates: null, meterPointIds: [], resources: undefined };
    this.#assign(l, input);
    u.locations = locationsById.with(u.locations, l);
    const d = this.data(clientId);
    this.#index(d, l);
    this.#countLocationId(d, l.locationId, 1);
    this.#refreshEligibility(clientId, u);
    return l;
  }

  /** All or nothing: an unknown user (404) or a duplicate location (409) refuses the whole batch, naming the item. */
  addLocations(clientId: string, items: (LocationInput & { userId: string; locationId: string })[]): LocationRecord[] {
    const d = this.data(clientId);
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const u = d.users.get(item.userId);
      if (!u) throw new ApiError(404, "user-not-found", `body.locations[${i}].userId: user ${item.userId} does not exist`);
      const key = JSON.stringify([item.userId, item.locationId]);
      if (locationsById.has(u.locations, item.locationId) || seen.has(key)) {
        const why = seen.has(key) ? "appears twice in the batch" : "exists already";
        throw new ApiError(409, "location-exists", `body.locations[${i}].locationId: location ${item.locationId} of user ${item.userId} ${why}`);
      }
      seen.add(key);
    });
    return items.map(({ userId, locationId, ...input }) => this.addLocation(clientId, userId, locationId, input));
  }

  /** PUT: every field takes the request's value (absent ones their defaults). */
  replaceLocation(clientId: string, userId: string, locationId: string, input: LocationInput): LocationRecord {
    const l = this.location(clientId, userId, locationId);
    const d = this.data(clientId);
    this.#unindex(d, l, false);
    l.locationType = "Unknown";
    l.coordinates = null;
    l.meterPointIds = [];
    this.#assign(l, input);
    this.#index(d, l);
    this.#refreshEligibility(clientId, this.user(clientId, userId));
    return l;
  }

  /** PATCH: fields that are sent and not null change; the rest stay. */
  patchLocation(clientId: string, userId: string, locationId: string, input: PatchLocationRequest): LocationRecord {
    const l = this.location(clientId, userId, locationId);
    const d = this.data(clientId);
    this.#unindex(d, l, false);
    if (input.locationType != null) l.locationType = canonical(this.#locationTypes, input.locationType);
    if (input.coordinates != null) l.coordinates = copyCoordinates(input.coordinates);
    if (input.meterPointIds != null) l.meterPointIds = [...input.meterPointIds];
    this.#index(d, l);
    this.#refreshEligibility(clientId, this.user(clientId, userId));
    return l;
  }

  /** Removes the location and the resources bound to it. */
  deleteLocation(clientId: string, userId: string, locationId: string): void {
    const l = this.location(clientId, userId, locationId);
    const u = this.user(clientId, userId);
    const d = this.data(clientId);
    this.#unindex(d, l);
    this.#countLocationId(d, l.locationId, -1);
    u.locations = locationsById.without(u.locations, locationId);
    this.#refreshEligibility(clientId, u);
  }

  // Resources

  resource(clientId: string, resourceId: string): ResourceRecord {
    const r = this.data(clientId).resources.get(resourceId);
    if (!r) throw new ApiError(404, "resource-not-found", `resource ${resourceId} does not exist`);
    return r;
  }

  userResources(clientId: string, userId: string): ResourceRecord[] {
    return [...resourcesById.values(this.user(clientId, userId).resources)];
  }

  locationResources(clientId: string, userId: string, locationId: string): ResourceRecord[] {
    return [...resourcesById.values(this.location(clientId, userId, locationId).resources)];
  }

  /** Adds a vehicle (locationId null) or a location-bound resource. Resource ids are unique per client. */
  addResource(clientId: string, userId: string, locationId: string | null, input: ResourceInput): ResourceRecord {
    const u = this.user(clientId, userId);
    const l = locationId === null ? undefined : this.location(clientId, userId, locationId);
    const d = this.data(clientId);
    if (d.resources.has(input.resourceId)) throw new ApiError(409, "resource-exists", `resource ${input.resourceId} exists already`);
    const r: ResourceRecord = {
      resourceId: input.resourceId,
      resourceType: canonical(this.#resourceTypes, input.resourceType),
      userId: u.userId,
      locationId: l?.locationId ?? null,
      meterPointId: input.meterPointId ?? null,
    };
    d.resources.set(r.resourceId, r);
    u.resources = resourcesById.with(u.resources, r);
    if (l) l.resources = resourcesById.with(l.resources, r);
    return r;
  }

  deleteResource(clientId: string, resourceId: string): void {
    const r = this.resource(clientId, resourceId);
    const d = this.data(clientId);
    const u = d.users.get(r.userId);
    d.resources.delete(resourceId);
    if (!u) return;
    u.resources = resourcesById.without(u.resources, resourceId);
    const l = r.locationId === null ? undefined : locationsById.get(u.locations, r.locationId);
    if (l) l.resources = resourcesById.without(l.resources, resourceId);
  }

  // Programme

  isEligible(clientId: string, userId: string): boolean {
    this.user(clientId, userId);
    return this.data(clientId).eligibleUsers.has(userId);
  }

  eligibleUsers(clientId: string, slice?: Slice): Page<string> {
    const eligible = this.data(clientId).eligibleUsers;
    return sliceOf(eligible, eligible.size, slice);
  }

  /** True when a location of this client carries the meter point and lies in an eligible area. */
  isMeterPointEligible(clientId: string, meterPointId: string): boolean {
    for (const l of this.data(clientId).locationsWithMeterPoint(meterPointId)) if (inEligibleArea(this.areas, l.coordinates)) return true;
    return false;
  }

  enrollment(clientId: string, userId: string): EnrollmentRecord | null {
    return this.user(clientId, userId).enrollment ?? null;
  }

  /** Enrolls an eligible user; enrolling again answers the existing enrollment. */
  enroll(clientId: string, userId: string): EnrollmentRecord {
    const u = this.user(clientId, userId);
    if (u.enrollment) return u.enrollment;
    if (!this.data(clientId).eligibleUsers.has(userId)) {
      throw new ApiError(400, "user-not-eligible", `user ${userId} is not eligible (none of its locations lies in an eligible area), so it cannot be enrolled`);
    }
    u.enrollment = { enrollmentId: randomUUID(), enrollmentDate: new Date(this.now(clientId)).toISOString() };
    return u.enrollment;
  }

  /** Ends an enrollment; unenrolling a user who is not enrolled changes nothing. */
  unenroll(clientId: string, userId: string): void {
    this.user(clientId, userId).enrollment = undefined;
  }

  // What other parts read of the data

  /** What the client owns, as the event generators see it. */
  catalogue(clientId: string): Catalogue {
    const catalogue: Catalogue = { resources: [], locations: [], enrolledUserIds: new Set() };
    const enrolled = new Set<string>();
    for (const user of this.data(clientId).users.values()) {
      if (user.enrollment) enrolled.add(user.userId);
      for (const l of locationsById.values(user.locations)) catalogue.locations.push({ locationId: l.locationId, userId: l.userId, meterPointIds: l.meterPointIds });
      for (const r of resourcesById.values(user.resources))
        if (r.locationId !== null) catalogue.resources.push({ resourceId: r.resourceId, userId: r.userId, locationId: r.locationId, meterPointId: r.meterPointId });
    }
    catalogue.enrolledUserIds = enrolled;
    return catalogue;
  }

  checkReport(clientId: string, payloads: readonly SparkReportPayload[]): void {
    const d = this.data(clientId);
    checkReportPayloads(payloads, {
      resource: (id) => d.resources.get(id),
      hasLocationId: (id) => d.hasLocationId(id),
      userHasLocation: (userId, locationId) => locationsById.has(d.users.get(userId)?.locations, locationId),
    });
  }

  compensationData(clientId: string, userId: string, resourceIds: Iterable<string>): { locations: LocationRecord[]; resources: Map<string, ResourceRecord> } {
    const d = this.data(clientId);
    const resources = new Map<string, ResourceRecord>();
    for (const id of resourceIds) {
      const r = d.resources.get(id);
      if (r) resources.set(id, r);
    }
    return { locations: this.locations(clientId, userId), resources };
  }

  // Simulated data sets

  addSimulated(clientId: string, plan: SimulatedPlan): void {
    const made: SimulatedRecords = { users: [], locations: [], resources: [] };
    for (const user of plan.users) {
      made.users.push(this.addUser(clientId, user.userId));
      for (const l of user.locations) made.locations.push(this.addLocation(clientId, user.userId, l.locationId, l.input));
      for (const r of user.resources) made.resources.push(this.addResource(clientId, user.userId, r.locationId, r.input));
    }
    this.data(clientId).simulated.push(made);
  }

  /** Removes what the sets created and still exists, keeping any user or location the partner has added to since. */
  removeSimulated(clientId: string): void {
    const d = this.data(clientId);
    for (const set of d.simulated.splice(0)) {
      for (const resource of set.resources) if (d.resources.get(resource.resourceId) === resource) this.deleteResource(clientId, resource.resourceId);
      for (const record of set.locations) {
        const location = locationsById.get(d.users.get(record.userId)?.locations, record.locationId);
        if (location === record && resourcesById.size(location.resources) === 0) this.deleteLocation(clientId, record.userId, record.locationId);
      }
      for (const user of set.users) {
        if (d.users.get(user.userId) === user && locationsById.size(user.locations) === 0 && resourcesById.size(user.resources) === 0) this.deleteUser(clientId, user.userId);
      }
    }
  }

  #assign(l: LocationRecord, input: LocationInput): void {
    if (input.locationType != null) l.locationType = canonical(this.#locationTypes, input.locationType);
    l.coordinates = copyCoordinates(input.coordinates);
    l.meterPointIds = meterPointIdsOf(input);
  }

  #countLocationId(d: ClientData, locationId: string, by: 1 | -1): void {
    const n = (d.locationIds.get(locationId) ?? 0) + by;
    if (n > 0) d.locationIds.set(locationId, n);
    else d.locationIds.delete(locationId);
  }

  #index(d: ClientData, l: LocationRecord): void {
    for (const id of l.meterPointIds) {
      const entry = d.meterPoints.get(id);
      if (entry === undefined || entry === l) d.meterPoints.set(id, l);
      else if (entry instanceof Set) entry.add(l);
      else d.meterPoints.set(id, new Set([entry, l]));
    }
  }

  /** Drops the location from the meter point index and (unless it is only being edited) its resources. */
  #unindex(d: ClientData, l: LocationRecord, withResources = true): void {
    for (const id of l.meterPointIds) {
      const entry = d.meterPoints.get(id);
      if (entry === l) d.meterPoints.delete(id);
      else if (entry instanceof Set) {
        entry.delete(l);
        if (entry.size === 1) for (const only of entry) d.meterPoints.set(id, only);
      }
    }
    if (!withResources) return;
    const u = d.users.get(l.userId);
    for (const id of resourcesById.keys(l.resources)) {
      d.resources.delete(id);
      if (u) u.resources = resourcesById.without(u.resources, id);
    }
    l.resources = undefined;
  }

  #refreshEligibility(clientId: string, u: UserRecord): void {
    const d = this.data(clientId);
    let eligible = false;
    for (const l of locationsById.values(u.locations)) if ((eligible = inEligibleArea(this.areas, l.coordinates))) break;
    if (eligible === d.eligibleUsers.has(u.userId)) return;
    if (eligible) d.eligibleUsers.add(u.userId);
    else d.eligibleUsers.delete(u.userId);
  }
}
