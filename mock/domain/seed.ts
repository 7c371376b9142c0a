// Preloaded data (`--seed FILE` or `options.seed`): users, locations and resources, validated with the spec's
// request schemas and loaded into every client's store. A bad entry fails start-up with one line naming it.
import type { PostLocationBoundResourceRequest, PostLocationWithUserRequest, PostUserRequest, PostVehicleResourceRequest } from "../../spec/types.js";
import type { Validators } from "../../spec/validators.js";
import { isApiError } from "../http/errors.js";
import { formatIssues } from "../../spec/validators.js";
import type { Awaitable, DataStore } from "../state/state.js";

/** A seed resource: a vehicle (no `locationId`) or a location-bound resource, naming its user. */
export type SeedResource = PostLocationBoundResourceRequest & { userId: string; locationId?: string };

export interface SeedData {
  users?: PostUserRequest[];
  locations?: PostLocationWithUserRequest[];
  resources?: SeedResource[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** What loading a seed needs: the spec's validators, the store, and the clients to load it for. */
export interface SeedTarget {
  validators: Validators;
  store: DataStore;
  clientIds: readonly string[];
}

/** A failed step becomes one line naming its seed entry. */
function named(at: string, e: unknown): unknown {
  return isApiError(e) ? new Error(`${at}: ${e.message}`) : e;
}

/**
 * Runs the steps in order, each after the one before. With a store that answers at once, all of it happens before
 * this returns (and a bad entry throws); with one that answers with promises, the result is a promise.
 */
function inOrder(steps: { at: string; run: () => Awaitable<unknown> }[], from = 0): Awaitable<void> {
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    let result: Awaitable<unknown>;
    try {
      result = step.run();
    } catch (e) {
      throw named(step.at, e);
    }
    if (result instanceof Promise) return result.then(() => inOrder(steps, i + 1), (e: unknown) => Promise.reject(named(step.at, e)));
  }
}

/**
 * Validates the seed and loads it for every client; a bad entry throws an Error whose message is one line naming
 * it. Synchronous with the in-memory store.
 */
export function loadSeed(seed: unknown, ctx: SeedTarget): Awaitable<void> {
  if (!isObject(seed)) throw new Error("seed: must be an object with users, locations and resources arrays");
  for (const key of Object.keys(seed)) if (!["users", "locations", "resources"].includes(key)) throw new Error(`seed.${key}: is not allowed (use users, locations, resources)`);
  const list = (key: string): unknown[] => {
    const v = seed[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new Error(`seed.${key}: must be an array`);
    return v;
  };
  /** Returns the value typed by the schema it was just validated against. */
  const valid = <T>(schema: string, value: unknown, at: string): T => {
    const r = ctx.validators.schema(schema, value, at);
    if (!r.valid) throw new Error(`${formatIssues(r.issues)} (schema ${schema})`);
    return value as T;
  };
  const users = list("users").map((u, i) => valid<PostUserRequest>("PostUserRequest", u, `seed.users[${i}]`));
  const locations = list("locations").map((l, i) => valid<PostLocationWithUserRequest>("PostLocationWithUserRequest", l, `seed.locations[${i}]`));
  const resources = list("resources").map((r, i) => {
    const at = `seed.resources[${i}]`;
    if (!isObject(r)) throw new Error(`${at} must be object`);
    const { userId, locationId, ...rest } = r;
    if (typeof userId !== "string" || userId === "") throw new Error(`${at}.userId is required (a user of the seed)`);
    if (locationId !== undefined && (typeof locationId !== "string" || locationId === "")) throw new Error(`${at}.locationId must be a non-empty string`);
    const input = locationId === undefined ? valid<PostVehicleResourceRequest>("PostVehicleResourceRequest", rest, at) : valid<PostLocationBoundResourceRequest>("PostLocationBoundResourceRequest", rest, at);
    return { userId, locationId: locationId ?? null, input };
  });

  const steps: { at: string; run: () => Awaitable<unknown> }[] = [];
  for (const clientId of ctx.clientIds) {
    users.forEach((u, i) => steps.push({ at: `seed.users[${i}]`, run: () => ctx.store.addUser(clientId, u.userId) }));
    locations.forEach(({ userId, locationId, ...input }, i) => steps.push({ at: `seed.locations[${i}]`, run: () => ctx.store.addLocation(clientId, userId, locationId, input) }));
    resources.forEach(({ userId, locationId, input }, i) => steps.push({ at: `seed.resources[${i}]`, run: () => ctx.store.addResource(clientId, userId, locationId, input) }));
  }
  return inOrder(steps);
}
