// Data the mock starts with, handed to it as users do: a JSON file given to `npm start -- --seed FILE` (validated
// against the spec at start-up), so that no HTTP request is spent on set-up.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SeedData } from "../../mock/domain/seed.js";

export interface Preload {
  /** Users of the demo client, each with one location and one resource bound to it. */
  users?: number;
}

/** The id of the n-th preloaded user (0-based), so a load can ask for one that exists. */
export const preloadedUserId = (n: number) => `bench-user-${String(n).padStart(7, "0")}`;

/** The seed of a preload (undefined for an empty store). */
export function seedOf(what: Preload): SeedData | undefined {
  const count = what.users ?? 0;
  if (count === 0) return undefined;
  const seed: Required<SeedData> = { users: [], locations: [], resources: [] };
  for (let n = 0; n < count; n++) {
    const userId = preloadedUserId(n);
    seed.users.push({ userId });
    seed.locations.push({ userId, locationId: `${userId}-home`, locationType: "Residential", meterPointIds: [String(707057500000000000n + BigInt(n))] });
    seed.resources.push({ userId, locationId: `${userId}-home`, resourceId: `${userId}-tank`, resourceType: "HotWaterTank" });
  }
  return seed;
}

/**
 * Writes the seed of a preload to a new temporary `--seed` file and returns it with a function that removes it
 * (call it once the mock has read the file); undefined for an empty store.
 */
export function writeSeedFile(what: Preload): { file: string; remove: () => void } | undefined {
  const seed = seedOf(what);
  if (!seed) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "bench-seed-"));
  const file = join(dir, "seed.json");
  writeFileSync(file, JSON.stringify(seed));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
