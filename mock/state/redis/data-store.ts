// The data partners register, kept in Redis so that several mock processes share it and it outlives them.
// Key layout, per client (`C` = `{prefix}{<client id, percent-encoded>}:`, the braces being Redis Cluster's hash
// tag, so one client's keys share a slot):
//   C users    sorted set  userId → the client's sequence number when added (pages in insertion order)
//   C seq      counter     the client's sequence (users, locations, resources and eligibility are ordered by it)
//   C u:<id>   hash        one user: `c` (its number), `e` (enrollment json), `sim` (simulated set tag),
//                          `l:<locationId>` → location json, `r:<resourceId>` → resource number
//   C res      hash        resourceId → resource json (ids are unique per client)
//   C locids   hash        locationId → how many of the client's users have a location with that id
//   C nloc     string      how many locations the client has (the sum of locids; made by DATA_USAGE when missing)
//   C mpe      hash        meterPointId → how many eligible locations carry it
//   C elig     sorted set  eligible userId → sequence number when it became eligible
//   C sim      list        the simulated data sets (json), for their removal
//   C cat      sorted set  userId → its number, for the users with a location, a resource or an enrollment: the
//                          catalogue reads those only (a client's 10,000 bare users cost it nothing)
//   C catv     string      set once `cat` indexes every user (from the client's first user, or by INDEX_CATALOGUE
//                          for data written before the index)
// Every change runs as one Lua script (scripts.ts); reads are single commands or MULTI/EXEC snapshots.
import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import type { PatchLocationRequest, SparkReportPayload } from "../../../spec/types.js";
import { copyCoordinates, meterPointIdsOf } from "../../domain/locations.js";
import { inEligibleArea, type EligibleArea } from "../../domain/eligibility.js";
import { ApiError, isApiError } from "../../http/errors.js";
import { refuse, scriptRefusal } from "../../domain/refusals.js";
import { checkReportPayloads, reportReferences } from "../../domain/report-checks.js";
import type { Catalogue } from "../../domain/events/catalogue.js";
import type { DataStore, Enrollment, Location, LocationInput, Page, Resource, ResourceInput, SimulatedPlan, Slice, User } from "../state.js";
import * as scripts from "./scripts.js";
import type { TrackedReads } from "./tracked-reads.js";
import { DEFAULT_PREFIX, parseStoreUrl, type RedisTarget } from "./url.js";

/** A location as stored: the API's fields plus its order and whether it lies in an eligible area. */
interface StoredLocation {
  seq: number;
  locationId: string;
  locationType: Location["locationType"];
  coordinates: Location["coordinates"];
  meterPointIds: string[];
  eligible: boolean;
  sim?: string;
}

interface StoredResource {
  seq: number;
  resourceId: string;
  resourceType: Resource["resourceType"];
  userId: string;
  locationId: string | null;
  meterPointId: string | null;
  sim?: string;
}

const COMMANDS = {
  ecAddUsers: scripts.ADD_USERS,
  ecDeleteUser: scripts.DELETE_USER,
  ecAddLocations: scripts.ADD_LOCATIONS,
  ecSetLocation: scripts.SET_LOCATION,
  ecDeleteLocation: scripts.DELETE_LOCATION,
  ecAddResource: scripts.ADD_RESOURCE,
  ecDeleteResource: scripts.DELETE_RESOURCE,
  ecEnroll: scripts.ENROLL,
  ecUnenroll: scripts.UNENROLL,
  ecAddSimulated: scripts.ADD_SIMULATED,
  ecRemoveSimulated: scripts.REMOVE_SIMULATED,
  ecClear: scripts.CLEAR,
  ecDataUsage: scripts.DATA_USAGE,
  ecUserView: scripts.USER_VIEW,
  ecIndexCatalogue: scripts.INDEX_CATALOGUE,
  ecDeleteSomeUsers: scripts.DELETE_SOME_USERS,
} as const;
type CommandName = keyof typeof COMMANDS;

/**
 * How long a client waits for the store before answering 503 (a down Redis must not hang a request). ioredis times a
 * command with a timer, which fires before a reply waiting in the socket is read when the process's own event loop
 * was held up (a large body, a full GC on a busy machine): at 1 s a healthy Redis answered 503 now and then under
 * load, so the limit leaves room for such a pause.
 */
export const STORE_TIMEOUT_MS = 3000;
/** The Retry-After of a 503 while the store is unreachable. */
const RETRY_AFTER_S = "2";

/**
 * ioredis settings for a store that answers or fails within a few seconds: no offline queue (a command while
 * disconnected fails at once), one try per command, a command timeout, and reconnection forever in the background
 * so that service resumes when Redis is back, without a restart.
 */
export function redisOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    username: target.username,
    password: target.password,
    ...(target.tls && { tls: { servername: target.host } }),
    lazyConnect: true,
    // Commands issued in the same tick (50 connections' requests) go to Redis in one write.
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: STORE_TIMEOUT_MS,
    connectTimeout: STORE_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(50 * times, 500),
  };
}

/** A Redis client for the store, connected (or an Error with one line naming the URL). */
export async function connectRedis(url: string): Promise<{ redis: Redis; target: RedisTarget }> {
  const target = parseStoreUrl(url);
  const redis = new Redis({ ...redisOptions(target), retryStrategy: () => null });
  // ioredis reports the socket's error as an event and rejects connect() with a vaguer "Connection is closed".
  let cause: unknown;
  const remember = (e: unknown) => (cause = e);
  redis.on("error", remember);
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    const why = cause ?? e;
    throw new Error(`store ${target.display} is unreachable: ${why instanceof Error ? why.message.split("\n")[0] : String(why)}`);
  }
  redis.off("error", remember);
  // A running store reports a lost Redis as 503s on the requests; the client's own error events say nothing more.
  redis.on("error", () => {});
  // Connected once: from now on, reconnect forever in the background.
  redis.options.retryStrategy = redisOptions(target).retryStrategy;
  return { redis, target };
}

/** Where a piece of the mock's state lives: the connection, how the store is named in messages, the keys' prefix. */
export interface Keyspace {
  redis: Redis;
  /** How the store is named in messages (its URL without a password). */
  display: string;
  prefix: string;
}

/** The client's base key: its id percent-encoded (so `{`, `}` and `:` in it cannot break the tag or collide). */
export function clientKey(prefix: string, clientId: string): string {
  return `${prefix}{${encodeURIComponent(clientId)}}:`;
}

/** The one-line 503 for a store error; the message names the store and what it said. */
export function storeUnavailable(display: string, e: unknown): ApiError {
  const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return new ApiError(503, "store-unavailable", `the store ${display} is unavailable (${reason}); try again shortly`, undefined, { "Retry-After": RETRY_AFTER_S });
}

/** Runs Redis calls; Redis's own failures (down, timeout, OOM, READONLY) become the 503 naming the store. */
export function callStore<T>(display: string, run: () => Promise<T>): Promise<T> {
  const failed = (e: unknown): never => {
    if (isApiError(e)) throw e;
    throw storeUnavailable(display, e);
  };
  // Not an async function: every request makes two of these calls, and this way each costs one promise, not three.
  try {
    return run().catch(failed);
  } catch (e) {
    return Promise.reject(isApiError(e) ? e : storeUnavailable(display, e));
  }
}

/** Clients whose base keys a store keeps (all dropped when full). */
const KEYS_KEPT = 1024;

/** Users per command of the catalogue's reads and of INDEX_CATALOGUE. */
const CATALOGUE_SLICE = 256;
/** Users deleted per script by clear(); simulated sets removed per script by removeSimulated(). */
const CLEAR_SLICE = 500;
const SIMULATED_SLICE = 20;

const byNumber = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;

const toLocation = (userId: string, l: StoredLocation): Location => ({ userId, locationId: l.locationId, locationType: l.locationType, coordinates: l.coordinates, meterPointIds: l.meterPointIds });
const toResource = (r: StoredResource): Resource => ({ resourceId: r.resourceId, resourceType: r.resourceType, userId: r.userId, locationId: r.locationId, meterPointId: r.meterPointId });

export interface RedisDataStoreOptions {
  redis: Redis;
  /** A second connection for bulk reads (every user of a client), so they never queue ahead of others' commands. */
  bulk?: Redis;
  /** How the store is named in messages (the URL without its password). */
  display: string;
  areas: EligibleArea[];
  now: (clientId: string) => number;
  prefix?: string;
  /** Reads this process may answer from memory (tracked-reads.ts); without it, every read goes to Redis. */
  tracked?: TrackedReads;
}

export class RedisDataStore implements DataStore {
  readonly #redis: Redis;
  readonly #bulk: Redis;
  readonly #display: string;
  readonly #areas: EligibleArea[];
  readonly #now: (clientId: string) => number;
  readonly #prefix: string;
  readonly #tracked: TrackedReads | undefined;
  readonly #keys = new Map<string, string>();

  constructor(options: RedisDataStoreOptions) {
    this.#tracked = options.tracked;
    this.#redis = options.redis;
    this.#bulk = options.bulk ?? options.redis;
    this.#display = options.display;
    this.#areas = options.areas;
    this.#now = options.now;
    this.#prefix = options.prefix ?? DEFAULT_PREFIX;
    if (/[{}]/.test(this.#prefix)) throw new Error(`store prefix ${this.#prefix}: must not contain { or } (they would move the Cluster hash tag)`);
    for (const [name, lua] of Object.entries(COMMANDS)) if (!(name in this.#redis)) this.#redis.defineCommand(name, { numberOfKeys: 1, lua });
  }

  /** A client's base key, kept per client: every request of a client needs it, and encoding the id is not free. */
  #key(clientId: string): string {
    let key = this.#keys.get(clientId);
    if (key === undefined) {
      if (this.#keys.size >= KEYS_KEPT) this.#keys.clear();
      this.#keys.set(clientId, (key = clientKey(this.#prefix, clientId)));
    }
    return key;
  }

  /** Runs a command; Redis's own failures (down, timeout, OOM, READONLY) become a 503 naming the store. */
  #call<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
    return callStore(this.#display, () => run(this.#redis));
  }

  /** Runs a script; answers what it answered, as ioredis reads it. */
  #run(name: CommandName, clientId: string, args: (string | number)[]): Promise<unknown> {
    return this.#call((redis) => (redis as unknown as Record<CommandName, (...a: (string | number)[]) => Promise<unknown>>)[name](this.#key(clientId), ...args));
  }

  /** Runs a script and turns its refusal into an ApiError; answers its result. */
  async #script(name: CommandName, clientId: string, args: (string | number)[]): Promise<string> {
    const answer = await this.#run(name, clientId, args);
    if (typeof answer !== "string") return "";
    if (answer.startsWith('{"e":')) {
      const { e }: { e?: unknown } = JSON.parse(answer);
      throw scriptRefusal(e);
    }
    return answer;
  }

  #locationJson(input: LocationInput, sim?: string): string {
    const coordinates = copyCoordinates(input.coordinates);
    const l: Omit<StoredLocation, "seq" | "locationId"> = {
      locationType: input.locationType ?? "Unknown",
      coordinates,
      meterPointIds: meterPointIdsOf(input),
      eligible: inEligibleArea(this.#areas, coordinates),
      ...(sim !== undefined && { sim }),
    };
    return JSON.stringify(l);
  }

  // Users

  async user(clientId: string, userId: string): Promise<User> {
    // A user exists exactly while its hash does (scripts.ts); a replica keeps what it read of an existing one.
    const key = `${this.#key(clientId)}u:${userId}`;
    const id = `u:${key}`;
    const tracked = this.#tracked;
    if (tracked?.peek(id) !== undefined) {
      const synced = tracked.synced();
      if ((synced === true || (await synced)) && tracked.peek(id) !== undefined) return { userId };
    }
    const exists = await this.#call((r) => r.exists(key));
    if (exists === 0) throw refuse("user-not-found", { userId });
    tracked?.fill(id, (r) => r.exists(key), (n) => (n === 1 ? { value: true, keys: [key] } : undefined));
    return { userId };
  }

  async addUser(clientId: string, userId: string): Promise<User> {
    await this.#script("ecAddUsers", clientId, ["one", userId]);
    return { userId };
  }

  async addUsers(clientId: string, userIds: string[]): Promise<User[]> {
    if (userIds.length > 0) await this.#script("ecAddUsers", clientId, ["batch", ...userIds]);
    return userIds.map((userId) => ({ userId }));
  }

  async users(clientId: string, slice: Slice): Promise<Page<User>> {
    return this.#page(`${this.#key(clientId)}users`, slice, (userId) => ({ userId }));
  }

  /** A slice of a sorted set and its size, read at one instant (MULTI/EXEC). */
  async #page<T>(key: string, slice: Slice, item: (member: string) => T): Promise<Page<T>> {
    // An empty slice must not reach ZRANGE: `0 -1` is the whole set.
    if (slice.size <= 0) return { items: [], total: await this.#call((r) => r.zcard(key)) };
    const replies = await this.#call((r) => r.multi().zcard(key).zrange(key, String(slice.start), String(slice.start + slice.size - 1)).exec());
    const total = Number(replies?.[0]?.[1] ?? 0);
    const members = (replies?.[1]?.[1] ?? []) as string[];
    return { items: members.map(item), total };
  }

  async deleteUser(clientId: string, userId: string): Promise<void> {
    await this.#script("ecDeleteUser", clientId, [userId]);
  }

  // Locations

  /** A user's hash and its resources at one instant; 404 for an unknown user. */
  async #userView(clientId: string, userId: string): Promise<{ fields: Map<string, string>; locations: StoredLocation[]; resources: StoredResource[] }> {
    const [flat, resourceJson] = (await this.#run("ecUserView", clientId, [userId])) as [string[], (string | null)[]];
    if (flat.length === 0) throw refuse("user-not-found", { userId });
    const fields = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
    const locations: StoredLocation[] = [];
    for (const [field, json] of fields) if (field.startsWith("l:")) locations.push(JSON.parse(json) as StoredLocation);
    const resources = resourceJson.filter((j): j is string => j !== null).map((j) => JSON.parse(j) as StoredResource);
    return { fields, locations: locations.sort(byNumber), resources: resources.sort(byNumber) };
  }

  async locations(clientId: string, userId: string): Promise<Location[]> {
    return (await this.#userView(clientId, userId)).locations.map((l) => toLocation(userId, l));
  }

  async #storedLocation(clientId: string, userId: string, locationId: string): Promise<string> {
    const [created, json] = await this.#call((r) => r.hmget(`${this.#key(clientId)}u:${userId}`, "c", `l:${locationId}`));
    if (created === null) throw refuse("user-not-found", { userId });
    if (json === null) throw refuse("location-not-found", { userId, locationId });
    return json!;
  }

  async location(clientId: string, userId: string, locationId: string): Promise<Location> {
    return toLocation(userId, JSON.parse(await this.#storedLocation(clientId, userId, locationId)) as StoredLocation);
  }

  async addLocation(clientId: string, userId: string, locationId: string, input: LocationInput): Promise<Location> {
    const json = this.#locationJson(input);
    await this.#script("ecAddLocations", clientId, ["one", userId, locationId, withId(json, locationId)]);
    return toLocation(userId, { ...(JSON.parse(json) as StoredLocation), locationId });
  }

  async addLocations(clientId: string, items: (LocationInput & { userId: string; locationId: string })[]): Promise<Location[]> {
    if (items.length === 0) return [];
    const args: string[] = ["batch"];
    const made: Location[] = [];
    for (const { userId, locationId, ...input } of items) {
      const json = this.#locationJson(input);
      args.push(userId, locationId, withId(json, locationId));
      made.push(toLocation(userId, { ...(JSON.parse(json) as StoredLocation), locationId }));
    }
    await this.#script("ecAddLocations", clientId, args);
    return made;
  }

  /** Reads the location, computes its new record, and stores it unless it changed meanwhile (then tries again). */
  async #changeLocation(clientId: string, userId: string, locationId: string, change: (l: StoredLocation) => LocationInput): Promise<Location> {
    for (;;) {
      const old = await this.#storedLocation(clientId, userId, locationId);
      const stored = JSON.parse(old) as StoredLocation;
      const next: StoredLocation = { ...(JSON.parse(this.#locationJson(change(stored), stored.sim)) as StoredLocation), seq: stored.seq, locationId };
      const answer = await this.#script("ecSetLocation", clientId, [userId, locationId, old, JSON.stringify(next)]);
      if (answer !== '{"retry":1}') return toLocation(userId, next);
    }
  }

  async replaceLocation(clientId: string, userId: string, locationId: string, input: LocationInput): Promise<Location> {
    return this.#changeLocation(clientId, userId, locationId, () => input);
  }

  async patchLocation(clientId: string, userId: string, locationId: string, input: PatchLocationRequest): Promise<Location> {
    return this.#changeLocation(clientId, userId, locationId, (l) => ({
      locationType: input.locationType ?? l.locationType,
      coordinates: input.coordinates ?? l.coordinates ?? undefined,
      meterPointIds: input.meterPointIds ?? l.meterPointIds,
    }));
  }

  async deleteLocation(clientId: string, userId: string, locationId: string): Promise<void> {
    await this.#script("ecDeleteLocation", clientId, [userId, locationId]);
  }

  // Resources

  async resource(clientId: string, resourceId: string): Promise<Resource> {
    const json = await this.#call((r) => r.hget(`${this.#key(clientId)}res`, resourceId));
    if (json === null) throw refuse("resource-not-found", { resourceId });
    return toResource(JSON.parse(json) as StoredResource);
  }

  async userResources(clientId: string, userId: string): Promise<Resource[]> {
    return (await this.#userView(clientId, userId)).resources.map(toResource);
  }

  async locationResources(clientId: string, userId: string, locationId: string): Promise<Resource[]> {
    const view = await this.#userView(clientId, userId);
    if (!view.fields.has(`l:${locationId}`)) throw refuse("location-not-found", { userId, locationId });
    return view.resources.filter((r) => r.locationId === locationId).map(toResource);
  }

  #resourceJson(userId: string, locationId: string | null, input: ResourceInput, sim?: string): string {
    const r: Omit<StoredResource, "seq"> = { resourceId: input.resourceId, resourceType: input.resourceType, userId, locationId, meterPointId: input.meterPointId ?? null, ...(sim !== undefined && { sim }) };
    return JSON.stringify(r);
  }

  async addResource(clientId: string, userId: string, locationId: string | null, input: ResourceInput): Promise<Resource> {
    const json = this.#resourceJson(userId, locationId, input);
    await this.#script("ecAddResource", clientId, [userId, locationId ?? "", input.resourceId, json]);
    return toResource({ ...(JSON.parse(json) as StoredResource) });
  }

  async deleteResource(clientId: string, resourceId: string): Promise<void> {
    await this.#script("ecDeleteResource", clientId, [resourceId]);
  }

  // Programme

  async isEligible(clientId: string, userId: string): Promise<boolean> {
    const key = this.#key(clientId);
    const replies = await this.#call((r) => r.multi().exists(`${key}u:${userId}`).zscore(`${key}elig`, userId).exec());
    if (replies?.[0]?.[1] !== 1) throw refuse("user-not-found", { userId });
    return replies[1]?.[1] !== null;
  }

  async eligibleUsers(clientId: string, slice: Slice = { start: 0, size: Number.MAX_SAFE_INTEGER }): Promise<Page<string>> {
    return this.#page(`${this.#key(clientId)}elig`, { start: slice.start, size: Math.min(slice.size, 2 ** 31) }, (userId) => userId);
  }

  async isMeterPointEligible(clientId: string, meterPointId: string): Promise<boolean> {
    return (await this.#call((r) => r.hexists(`${this.#key(clientId)}mpe`, meterPointId))) === 1;
  }

  async enrollment(clientId: string, userId: string): Promise<Enrollment | null> {
    const [created, json] = await this.#call((r) => r.hmget(`${this.#key(clientId)}u:${userId}`, "c", "e"));
    if (created === null) throw refuse("user-not-found", { userId });
    return json ? (JSON.parse(json) as Enrollment) : null;
  }

  async enroll(clientId: string, userId: string): Promise<Enrollment> {
    const offer: Enrollment = { enrollmentId: randomUUID(), enrollmentDate: new Date(this.#now(clientId)).toISOString() };
    return JSON.parse(await this.#script("ecEnroll", clientId, [userId, JSON.stringify(offer)])) as Enrollment;
  }

  async unenroll(clientId: string, userId: string): Promise<void> {
    await this.#script("ecUnenroll", clientId, [userId]);
  }

  // What other parts read

  /**
   * The hash of every user with a location, a resource or an enrollment (the `cat` index), in the order they were
   * added: pipelines of CATALOGUE_SLICE users on the bulk connection, so neither Redis nor this process is held long.
   */
  async #catalogued(clientId: string): Promise<{ userId: string; fields: string[] }[]> {
    const key = this.#key(clientId);
    const read = async () => {
      const replies = await this.#call((r) => r.multi().exists(`${key}catv`).zrange(`${key}cat`, "0", "-1").exec());
      return { indexed: replies?.[0]?.[1] === 1, userIds: (replies?.[1]?.[1] ?? []) as string[] };
    };
    let seen = await read();
    if (!seen.indexed) {
      // Data written before the index: indexed once, a slice of users per call.
      for (let after = "0"; after !== ""; ) after = await this.#script("ecIndexCatalogue", clientId, [after, CATALOGUE_SLICE]);
      seen = await read();
    }
    const { userIds } = seen;
    const users: { userId: string; fields: string[] }[] = [];
    for (let i = 0; i < userIds.length; i += CATALOGUE_SLICE) {
      const slice = userIds.slice(i, i + CATALOGUE_SLICE);
      const replies = await callStore(this.#display, async () => {
        const p = this.#bulk.pipeline();
        for (const u of slice) p.hgetall(`${key}u:${u}`);
        return (await p.exec()) ?? [];
      });
      slice.forEach((userId, j) => users.push({ userId, fields: Object.entries((replies[j]?.[1] ?? {}) as Record<string, string>).flat() }));
    }
    return users;
  }

  async dataUsage(clientId: string): Promise<{ locations: number; resources: number }> {
    const answer: unknown = await this.#run("ecDataUsage", clientId, []);
    const [locations, resources] = Array.isArray(answer) ? answer : [];
    return { locations: typeof locations === "number" ? locations : 0, resources: typeof resources === "number" ? resources : 0 };
  }

  async catalogue(clientId: string): Promise<Catalogue> {
    const users = await this.#catalogued(clientId);
    // The users' resources, CATALOGUE_SLICE per HMGET (a client may have 50,000: no reply of megabytes).
    const resourceIds = users.flatMap(({ fields }) => fields.filter((f, i) => i % 2 === 0 && f.startsWith("r:")).map((f) => f.slice(2)));
    const allResources = new Map<string, string>();
    for (let i = 0; i < resourceIds.length; i += CATALOGUE_SLICE) {
      const slice = resourceIds.slice(i, i + CATALOGUE_SLICE);
      const json = await callStore(this.#display, () => this.#bulk.hmget(`${this.#key(clientId)}res`, ...slice));
      slice.forEach((id, j) => json[j] && allResources.set(id, json[j]));
    }
    const catalogue: Catalogue = { resources: [], locations: [], enrolledUserIds: new Set() };
    const enrolled = new Set<string>();
    for (const { userId, fields } of users) {
      const locations: StoredLocation[] = [];
      const resources: StoredResource[] = [];
      for (let i = 0; i < fields.length; i += 2) {
        const f = fields[i]!;
        if (f === "e") enrolled.add(userId);
        else if (f.startsWith("l:")) locations.push(JSON.parse(fields[i + 1]!) as StoredLocation);
        else if (f.startsWith("r:")) {
          const json = allResources.get(f.slice(2));
          if (json) resources.push(JSON.parse(json) as StoredResource);
        }
      }
      for (const l of locations.sort(byNumber)) catalogue.locations.push({ locationId: l.locationId, userId, meterPointIds: l.meterPointIds });
      for (const r of resources.sort(byNumber)) if (r.locationId !== null) catalogue.resources.push({ resourceId: r.resourceId, userId: r.userId, locationId: r.locationId, meterPointId: r.meterPointId });
    }
    catalogue.enrolledUserIds = enrolled;
    return catalogue;
  }

  async checkReport(clientId: string, payloads: readonly SparkReportPayload[]): Promise<void> {
    const key = this.#key(clientId);
    const { resourceIds, locationIds } = reportReferences(payloads);
    const rIds = [...resourceIds];
    const lIds = [...locationIds];
    const [resourceJson, counts] = await Promise.all([
      rIds.length ? this.#call((r) => r.hmget(`${key}res`, ...rIds)) : Promise.resolve([]),
      lIds.length ? this.#call((r) => r.hmget(`${key}locids`, ...lIds)) : Promise.resolve([]),
    ]);
    const resources = new Map<string, Resource>();
    rIds.forEach((id, i) => resourceJson[i] && resources.set(id, toResource(JSON.parse(resourceJson[i]) as StoredResource)));
    const knownLocations = new Set(lIds.filter((_, i) => counts[i] !== null));
    // A vehicle reported at a location: that location must be its user's. Asked only for the vehicles named.
    const pairs = [...resources.values()].filter((r) => r.locationId === null).flatMap((r) => lIds.map((l) => [r.userId, l] as const));
    const owned = new Set<string>();
    if (pairs.length) {
      const answers = await this.#call(async (r) => {
        const p = r.pipeline();
        for (const [u, l] of pairs) p.hexists(`${key}u:${u}`, `l:${l}`);
        return (await p.exec()) ?? [];
      });
      pairs.forEach(([u, l], i) => answers[i]?.[1] === 1 && owned.add(`${u}\0${l}`));
    }
    checkReportPayloads(payloads, {
      resource: (id) => resources.get(id),
      hasLocationId: (id) => knownLocations.has(id),
      userHasLocation: (userId, locationId) => owned.has(`${userId}\0${locationId}`),
    });
  }

  async compensationData(clientId: string, userId: string, resourceIds: Iterable<string>): Promise<{ locations: Location[]; resources: Map<string, Resource> }> {
    const view = await this.#userView(clientId, userId);
    const ids = [...new Set(resourceIds)];
    const json = ids.length ? await this.#call((r) => r.hmget(`${this.#key(clientId)}res`, ...ids)) : [];
    const resources = new Map<string, Resource>();
    ids.forEach((id, i) => json[i] && resources.set(id, toResource(JSON.parse(json[i]) as StoredResource)));
    return { locations: view.locations.map((l) => toLocation(userId, l)), resources };
  }

  // Simulated data sets

  async addSimulated(clientId: string, plan: SimulatedPlan): Promise<void> {
    const tag = randomUUID();
    const users = plan.users.map((u) => u.userId);
    const locations: string[] = [];
    const resources: string[] = [];
    const described = { tag, users, locations: [] as [string, string][], resources: [] as string[] };
    for (const u of plan.users) {
      for (const l of u.locations) {
        locations.push(u.userId, l.locationId, withId(this.#locationJson(l.input, tag), l.locationId));
        described.locations.push([u.userId, l.locationId]);
      }
      for (const r of u.resources) {
        resources.push(u.userId, r.input.resourceId, this.#resourceJson(u.userId, r.locationId, r.input, tag));
        described.resources.push(r.input.resourceId);
      }
    }
    await this.#script("ecAddSimulated", clientId, [tag, JSON.stringify(described), users.length, locations.length / 3, resources.length / 3, ...users, ...locations, ...resources]);
  }

  async removeSimulated(clientId: string): Promise<void> {
    let left: number;
    do left = Number(await this.#run("ecRemoveSimulated", clientId, [SIMULATED_SLICE]));
    while (left > 0);
  }

  async clear(clientId: string): Promise<void> {
    // Users a slice at a time (each with its locations, resources and index entries), then the rest at once.
    let left: number;
    do left = Number(await this.#run("ecDeleteSomeUsers", clientId, [CLEAR_SLICE]));
    while (left > 0);
    await this.#script("ecClear", clientId, []);
  }
}

/** A location json with its id (the single add puts the id in through the script's own argument order). */
function withId(json: string, locationId: string): string {
  return `{"locationId":${JSON.stringify(locationId)},${json.slice(1)}`;
}
