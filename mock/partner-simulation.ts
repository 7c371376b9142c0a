// The sandbox's simulated partner data: a small, coherent random set of users, locations (with 18-digit meter
// point ids), vehicles and location-bound resources, created through the core store and remembered exactly,
// so that removing it touches nothing the partner made.
import { randomUUID } from "node:crypto";
import type { ResourceType } from "../spec/types.js";
import type { EligibleArea } from "./eligibility.js";
import type { SimulatedData } from "./push-store.js";
import { locationsById, resourcesById, type Store } from "./store.js";

const USERS = 3;
const LOCATION_BOUND: ResourceType[] = ["HotWaterTank", "Charger", "HVAC", "SolarInverter", "Generic"];
/** Oslo: outside every sandbox test area, so this user stays ineligible. */
const OSLO = { latitude: 59.9139, longitude: 10.7522 };

/** `7070575` and 11 random digits: the shape of a Norwegian metering point id. */
export function meterPointId(random: () => number): string {
  let digits = "7070575";
  while (digits.length < 18) digits += Math.floor(random() * 10).toString();
  return digits;
}

/**
 * Creates the data set: one user per eligible area (so that eligibility and enrollment can be tried) and one
 * outside them; each with a location, a vehicle and one or two location-bound resources.
 */
export function createSimulatedData(store: Store, clientId: string, areas: EligibleArea[], random: () => number = Math.random): SimulatedData {
  const made: SimulatedData = { users: [], locations: [], resources: [] };
  const places = [...areas.slice(0, USERS - 1).map((a) => ({ latitude: a.latitude, longitude: a.longitude })), OSLO];
  for (const coordinates of places) {
    const userId = randomUUID();
    made.users.push(store.addUser(clientId, userId));
    const locationId = randomUUID();
    const record = store.addLocation(clientId, userId, locationId, { locationType: "Residential", coordinates, meterPointIds: [meterPointId(random)] });
    made.locations.push({ userId, record });
    made.resources.push(store.addResource(clientId, userId, null, { resourceId: randomUUID(), resourceType: "Vehicle" }));
    const count = 1 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) {
      const resourceType = LOCATION_BOUND[Math.floor(random() * LOCATION_BOUND.length)]!;
      made.resources.push(store.addResource(clientId, userId, locationId, { resourceId: randomUUID(), resourceType }));
    }
  }
  return made;
}

/** Removes what a data set created and still exists, keeping any user or location the partner has added to since. */
export function removeSimulatedData(store: Store, clientId: string, set: SimulatedData): void {
  const data = store.data(clientId);
  for (const resource of set.resources) if (data.resources.get(resource.resourceId) === resource) store.deleteResource(clientId, resource.resourceId);
  for (const { userId, record } of set.locations) {
    const user = data.users.get(userId);
    const location = user && locationsById.get(user.locations, record.locationId);
    if (location === record && resourcesById.size(location.resources) === 0) store.deleteLocation(clientId, userId, record.locationId);
  }
  for (const user of set.users) {
    if (data.users.get(user.userId) === user && locationsById.size(user.locations) === 0 && resourcesById.size(user.resources) === 0) store.deleteUser(clientId, user.userId);
  }
}
