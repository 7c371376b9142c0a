// Data the mock starts with, given to `createApp` as its `seed` (validated against the spec, as `npm start --
// --seed FILE` does), so that no HTTP request is spent on set-up.
import type { MockOptions } from "../../mock/context.js";
import type { SeedData } from "../../mock/seed.js";

export interface Preload {
  /** Users of the demo client, each with one location and one resource bound to it. */
  users?: number;
}

/** The id of the n-th preloaded user (0-based), so a load can ask for one that exists. */
export const preloadedUserId = (n: number) => `bench-user-${String(n).padStart(7, "0")}`;

/** The mock's options for a preload (none for an empty store). */
export function mockOptions(what: Preload): MockOptions {
  const count = what.users ?? 0;
  if (count === 0) return {};
  const seed: Required<SeedData> = { users: [], locations: [], resources: [] };
  for (let n = 0; n < count; n++) {
    const userId = preloadedUserId(n);
    seed.users.push({ userId });
    seed.locations.push({ userId, locationId: `${userId}-home`, locationType: "Residential", meterPointIds: [String(707057500000000000n + BigInt(n))] });
    seed.resources.push({ userId, locationId: `${userId}-home`, resourceId: `${userId}-tank`, resourceType: "HotWaterTank" });
  }
  return { seed };
}
