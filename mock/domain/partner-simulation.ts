// The sandbox's simulated partner data: a small, coherent random set of users, locations (with 18-digit meter
// point ids), vehicles and location-bound resources, created by the store, which remembers exactly what it made,
// so that removing it touches nothing the partner made.
import type { ResourceType } from "../../spec/types.js";
import type { EligibleArea } from "./eligibility.js";
import type { SimulatedPlan } from "../state/state.js";
import { uuidFrom } from "./events/random.js";

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
 * Plans the data set: one user per eligible area (so that eligibility and enrollment can be tried) and one outside
 * them; each with a location, a vehicle and one or two location-bound resources. The store creates it.
 */
export function simulatedPlan(areas: EligibleArea[], random: () => number = Math.random): SimulatedPlan {
  const randomUUID = () => uuidFrom(random);
  const places = [...areas.slice(0, USERS - 1).map((a) => ({ latitude: a.latitude, longitude: a.longitude })), OSLO];
  return {
    users: places.map((coordinates) => {
      const userId = randomUUID();
      const locationId = randomUUID();
      const location = { locationId, input: { locationType: "Residential" as const, coordinates, meterPointIds: [meterPointId(random)] } };
      const resources: SimulatedPlan["users"][number]["resources"] = [{ locationId: null, input: { resourceId: randomUUID(), resourceType: "Vehicle" } }];
      const count = 1 + Math.floor(random() * 2);
      for (let i = 0; i < count; i++) {
        const resourceType = LOCATION_BOUND[Math.floor(random() * LOCATION_BOUND.length)]!;
        resources.push({ locationId, input: { resourceId: randomUUID(), resourceType } });
      }
      return { userId, locations: [location], resources };
    }),
  };
}
