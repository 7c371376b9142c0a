// `--store redis://…`: every piece of the mock's state in one Redis, so that several mock processes serve one
// sandbox and it outlives them. Connects once at start-up (or fails with one line naming the URL).
import type { Backends } from "../../context.js";
import { connectRedis, RedisDataStore, redisOptions, type Keyspace } from "./data-store.js";
import { RedisPushState } from "./push-state.js";
import { RedisClockBacking } from "./clocks.js";
import { RedisJournal } from "./journal.js";
import { RedisTokens } from "./tokens.js";
import { RedisSigningKey } from "./signing-key.js";
import { RedisFaultCounters } from "./faults.js";
import { DEFAULT_PREFIX } from "./url.js";
import { TrackedReads } from "./tracked-reads.js";

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port/db` or `rediss://…`. */
  url: string;
  /** Prefix of every key. Default `ec:`. */
  prefix?: string;
}

/**
 * MOCK_DELIVERY_LOCK_MS: how long a delivery attempt's lock lasts unless its replica renews it (every half of it), so
 * how soon a killed replica's attempts go to another one (within about 1.5 times it). Default 10000.
 */
function deliveryLockTimes(text: string | undefined): { lockDurationMs?: number; stalledIntervalMs?: number } {
  if (text === undefined || text === "") return {};
  const ms = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(ms) && ms >= 1000 && ms <= 600_000)) throw new Error(`MOCK_DELIVERY_LOCK_MS must be a whole number of ms from 1000 to 600000, got "${text}"`);
  return { lockDurationMs: ms, stalledIntervalMs: Math.round(ms / 2) };
}

/** The mock's state in Redis; throws an Error with one line when the URL is bad or Redis does not answer. */
export async function redisBackends(options: RedisStoreOptions): Promise<Backends> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (/[{}]/.test(prefix)) throw new Error(`--store-prefix ${prefix}: must not contain { or } (they would move the Cluster hash tag)`);
  const lockTimes = deliveryLockTimes(process.env.MOCK_DELIVERY_LOCK_MS);
  const { redis, target } = await connectRedis(options.url);
  // Bulk reads (every user or report of a client) on a connection of their own: their replies must not queue ahead
  // of the other clients' commands on the shared one.
  let bulk: Awaited<ReturnType<typeof connectRedis>>["redis"];
  try {
    ({ redis: bulk } = await connectRedis(options.url));
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  // A third connection, tracked by Redis, for the reads a replica may answer from memory (tracked-reads.ts).
  let reader: Awaited<ReturnType<typeof connectRedis>>["redis"];
  try {
    ({ redis: reader } = await connectRedis(options.url));
  } catch (e) {
    redis.disconnect();
    bulk.disconnect();
    throw e;
  }
  const tracked = await TrackedReads.open(reader, redisOptions(target));
  const keyspace: Keyspace = { redis, display: target.display, prefix };
  const close = async () => {
    await tracked.close();
    await Promise.all([redis, bulk, reader].map((r) => r.quit().catch(() => r.disconnect())));
  };
  return {
    close,
    display: target.display,
    clocks: new RedisClockBacking(keyspace),
    signingKeys: new RedisSigningKey(keyspace),
    build(parts) {
      const { baseDelayMs, timeoutMs, maxRetries, onAttempt, onError, faults, targets, maxPendingPerTenant } = parts.delivery;
      const push = new RedisPushState({
        redis,
        bulk,
        target,
        now: parts.now,
        async readClock(clientId) {
          await parts.clocks.refresh(clientId);
          return parts.clocks.now(clientId);
        },
        prefix,
        retention: parts.retention,
        delivery: { ...lockTimes, ...(baseDelayMs !== undefined && { baseDelayMs }), ...(timeoutMs !== undefined && { timeoutMs }), ...(maxRetries !== undefined && { maxRetries }), ...(onAttempt && { onAttempt }), ...(onError && { onError }), ...(faults && { faults }), ...(targets && { targets }), ...(maxPendingPerTenant !== undefined && { maxPendingPerTenant }) },
      });
      const journal = new RedisJournal(keyspace);
      return {
        store: new RedisDataStore({ redis, bulk, display: target.display, areas: parts.eligibleAreas, now: parts.now, prefix, tracked }),
        push,
        tokens: new RedisTokens({ ...keyspace, ttlMs: parts.tokenTtlMs, maxPerClient: parts.maxTokensPerClient, clocks: parts.clocks, tracked }),
        journal,
        faultCounters: new RedisFaultCounters(keyspace),
        async close() {
          await journal.flush();
          await close();
        },
      };
    },
  };
}
