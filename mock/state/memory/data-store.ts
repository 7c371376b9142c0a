// The in-memory data of the mock: per client, its users with their locations, resources and enrollment.
// Maps everywhere (ids such as `__proto__` are plain keys; a user's or a location's own few items are `Few`,
// which costs next to nothing while small), O(1) lookups, and every rule of the service
// (404 for an unknown parent, 409 for a duplicate id, cascading deletes) enforced here, once.
import { randomUUID } from "node:crypto";
import type { LocationType, PatchLocationRequest, ResourceType, SparkReportPayload } from "../../../spec/types.js";
import { inEligibleArea, type EligibleArea } from "../../domain/eligibility.js";
import type { Catalogue } from "../../domain/events/catalogue.js";
import { copyCoordinates, meterPointIdsOf } from "../../domain/locations.js";
import {
  canonical,
  ClientData,
  locationsById,
  resourcesById,
  type EnrollmentRecord,
  type LocationRecord,
  type ResourceRecord,
  type SimulatedRecords,
  type UserRecord,
} from "./client-data.js";
import { sliceOf } from "../../domain/pagination.js";
import { refuse } from "../../domain/refusals.js";
import { checkReportPayloads } from "../../domain/report-checks.js";
import type { DataStore, LocationInput, Page, ResourceInput, SimulatedPlan, Slice } from "../state.js";

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

  /** What the client's data quotas count: its locations and its resources. */
  dataUsage(clientId: string): { locations: number; resources: number } {
    const d = this.data(clientId);
    return { locations: d.locationCount, resources: d.resources.size };
  }

  /** Forgets all of the client's data (the control API's reset). */
  clear(clientId: string): void {
    this.#clients.delete(clientId);
  }

  // Users

  user(clientId: string, userId: string): UserRecord {
    const u = this.data(clientId).users.get(userId);
    if (!u) throw refuse("user-not-found", { userId });
    return u;
  }

  addUser(clientId: string, userId: string): UserRecord {
    const d = this.data(clientId);
    if (d.users.has(userId)) throw refuse("user-exists", { userId });
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
      if (d.users.has(id) || seen.has(id)) throw refuse(seen.has(id) ? "batch-user-twice" : "batch-user-exists", { index: i, userId: id });
      seen.add(id);
    });
    return userIds.map((id) => this.addUser(clientId, id));
  }

  /** Removes the user with its locations, resources and enrollment. */
  deleteUser(clientId: string, userId: string): void {
    const d = this.data(clientId);
    const u = this.user(clientId, userId);
    for (const l of locationsById.values(u.locations)) {
      d.unindex(l);
      d.countLocationId(l.locationId, -1);
    }
    for (const id of resourcesById.keys(u.resources)) d.resources.delete(id);
    d.users.delete(userId);
    d.userList = undefined;
    d.eligibleUsers.delete(userId);
  }

  // Locations

  location(clientId: string, userId: string, locationId: string): LocationRecord {
    const l = locationsById.get(this.user(clientId, userId).locations, locationId);
    if (!l) throw refuse("location-not-found", { userId, locationId });
    return l;
  }

  locations(clientId: string, userId: string): LocationRecord[] {
    return [...locationsById.values(this.user(clientId, userId).locations)];
  }

  addLocation(clientId: string, userId: string, locationId: string, input: LocationInput): LocationRecord {
    const u = this.user(clientId, userId);
    if (locationsById.has(u.locations, locationId)) throw refuse("location-exists", { userId, locationId });
    // Records take the ids already stored (the user's own userId), not the request's copies of the same strings.
    const l: LocationRecord = { userId: u.userId, locationId, locationType: "Unknown", coordinates: null, meterPointIds: [], resources: undefined };
    this.#assign(l, input);
    u.locations = locationsById.with(u.locations, l);
    const d = this.data(clientId);
    d.index(l);
    d.countLocationId(l.locationId, 1);
    this.data(clientId).refreshEligibility(u, this.areas);
    return l;
  }

  /** All or nothing: an unknown user (404) or a duplicate location (409) refuses the whole batch, naming the item. */
  addLocations(clientId: string, items: (LocationInput & { userId: string; locationId: string })[]): LocationRecord[] {
    const d = this.data(clientId);
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const u = d.users.get(item.userId);
      if (!u) throw refuse("batch-user-not-found", { index: i, userId: item.userId });
      const key = JSON.stringify([item.userId, item.locationId]);
      if (locationsById.has(u.locations, item.locationId) || seen.has(key)) {
        throw refuse(seen.has(key) ? "batch-location-twice" : "batch-location-exists", { index: i, userId: item.userId, locationId: item.locationId });
      }
      seen.add(key);
    });
    return items.map(({ userId, locationId, ...input }) => this.addLocation(clientId, userId, locationId, input));
  }

  /** PUT: every field takes the request's value (absent ones their defaults). */
  replaceLocation(clientId: string, userId: string, locationId: string, input: LocationInput): LocationRecord {
    const l = this.location(clientId, userId, locationId);
    const d = this.data(clientId);
    d.unindex(l, false);
    l.locationType = "Unknown";
    l.coordinates = null;
    l.meterPointIds = [];
    this.#assign(l, input);
    d.index(l);
    this.data(clientId).refreshEligibility(this.user(clientId, userId), this.areas);
    return l;
  }

  /** PATCH: fields that are sent and not null change; the rest stay. */
  patchLocation(clientId: string, userId: string, locationId: string, input: PatchLocationRequest): LocationRecord {
    const l = this.location(clientId, userId, locationId);
    const d = this.data(clientId);
    d.unindex(l, false);
    if (input.locationType != null) l.locationType = canonical(this.#locationTypes, input.locationType);
    if (input.coordinates != null) l.coordinates = copyCoordinates(input.coordinates);
    if (input.meterPointIds != null) l.meterPointIds = [...input.meterPointIds];
    d.index(l);
    this.data(clientId).refreshEligibility(this.user(clientId, userId), this.areas);
    return l;
  }

  /** Removes the location and the resources bound to it. */
  deleteLocation(clientId: string, userId: string, locationId: string): void {
    const l = this.location(clientId, userId, locationId);
    const u = this.user(clientId, userId);
    const d = this.data(clientId);
    d.unindex(l);
    d.countLocationId(l.locationId, -1);
    u.locations = locationsById.without(u.locations, locationId);
    this.data(clientId).refreshEligibility(u, this.areas);
  }

  // Resources

  resource(clientId: string, resourceId: string): ResourceRecord {
    const r = this.data(clientId).resources.get(resourceId);
    if (!r) throw refuse("resource-not-found", { resourceId });
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
    if (d.resources.has(input.resourceId)) throw refuse("resource-exists", { resourceId: input.resourceId });
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
      throw refuse("user-not-eligible", { userId });
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

  /** All or nothing: every user and resource id of the plan must be new, so nothing is written before that holds. */
  addSimulated(clientId: string, plan: SimulatedPlan): void {
    const d = this.data(clientId);
    const users = new Set<string>();
    const resources = new Set<string>();
    for (const user of plan.users) {
      if (d.users.has(user.userId) || users.has(user.userId)) throw refuse("user-exists", { userId: user.userId });
      users.add(user.userId);
      const locations = new Set<string>();
      for (const l of user.locations) {
        if (locations.has(l.locationId)) throw refuse("location-exists", { userId: user.userId, locationId: l.locationId });
        locations.add(l.locationId);
      }
      for (const r of user.resources) {
        if (r.locationId !== null && !locations.has(r.locationId)) throw refuse("location-not-found", { userId: user.userId, locationId: r.locationId });
        if (d.resources.has(r.input.resourceId) || resources.has(r.input.resourceId)) throw refuse("resource-exists", { resourceId: r.input.resourceId });
        resources.add(r.input.resourceId);
      }
    }
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
}
