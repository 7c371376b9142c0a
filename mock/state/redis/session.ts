// What every request reads before its handler, kept in Redis when several mock processes share one: the issued
// tokens, the clients' clocks and the request journal. Key layout (`C` = the client's base key, see data-store.ts):
//   {prefix}tok:<sha256 of the token>   string  "<expiresAt ms on the client's clock>\n<the client's clock key>\n
//                                               <client id>", expiring with the token's lifetime in real time (PX);
//                                               only a digest of the token is stored
//   C clock                             string  the client's clock as JSON ({offsetMs, frozenAt, faults}); absent: base
//                                               clock and the mock's default faults (mock/faults/faults.ts)
//   C journal                           list    the client's last requests as JSON, newest first (LPUSH + LTRIM)
//   C tokenexp                          zset    the digests of the client's tokens → when each expires (Redis's
//                                               clock, ms), for revoking them; expired ones are dropped at each
//                                               issue, and the key expires with the last token
//   C tokens                            set     the same before 0.1.1, without expiry: only read (and removed) by
//                                               a revocation, for tokens issued by an older version
// A token key names no client (the token is all a request brings), so it lives outside the client's hash tag.
import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Clocks } from "../clock.js";
import { JOURNAL_SIZE, Journal, type JournalEntry } from "../../http/journal.js";
import type { ClientClock, ClockBacking, TokenState } from "../state.js";
import { callStore, clientKey } from "./data-store.js";

const digest = (token: string) => createHash("sha256").update(token, "utf8").digest("base64url");

/**
 * A token's entry and its client's clock in one round trip (every request needs both). The clock's key is read from
 * the entry, so it is not declared: like the store's scripts, this assumes one Redis, or a Cluster where the token's
 * key (which names no client) and the clock's hash tag share a node; the store is not run on a Cluster today.
 */
const TOKEN_AND_CLOCK = `
local entry = redis.call('GET', KEYS[1])
if not entry then return false end
local first = string.find(entry, '\\n', 1, true)
local second = string.find(entry, '\\n', first + 1, true)
return {entry, redis.call('GET', string.sub(entry, first + 1, second - 1))}
`;

/**
 * KEYS[1]: the client's token digests; ARGV: digest, lifetime ms, live tokens per client. Adds the digest, drops those
 * of expired tokens and makes the key expire with the last token (on Redis's clock, as the token keys' PX). Answers
 * the digests of the oldest tokens past the cap, dropped here; the caller deletes their token keys.
 */
const ADD_TOKEN_DIGEST = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over <= 0 then return {} end
local evicted = redis.call('ZRANGE', KEYS[1], 0, over - 1)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
return evicted
`;

type TokenCommands = {
  ecTokenAndClock(key: string): Promise<[string, (string | null)?] | null>;
  ecAddTokenDigest(key: string, digest: string, ttlMs: number, maxPerClient: number): Promise<string[]>;
};

const parseClock = (json: string): ClientClock => {
  const c = JSON.parse(json) as { offsetMs: number; frozenAt?: number | null; seed?: number | null; faults?: ClientClock["faults"] };
  return { offsetMs: c.offsetMs, frozenAt: c.frozenAt ?? undefined, seed: c.seed ?? undefined, ...(c.faults !== undefined && { faults: c.faults }) };
};

interface SessionOptions {
  redis: Redis;
  /** How the store is named in messages (its URL without a password). */
  display: string;
  prefix: string;
}

export class RedisTokens implements TokenState {
  constructor(private readonly options: SessionOptions & { ttlMs: number; maxPerClient: number; clocks: Clocks }) {
    if (!("ecTokenAndClock" in options.redis)) {
      options.redis.defineCommand("ecTokenAndClock", { numberOfKeys: 1, lua: TOKEN_AND_CLOCK });
      options.redis.defineCommand("ecAddTokenDigest", { numberOfKeys: 1, lua: ADD_TOKEN_DIGEST });
    }
  }

  #commands(): TokenCommands {
    return this.options.redis as unknown as TokenCommands;
  }

  async issue(clientId: string): Promise<string> {
    const { redis, prefix, ttlMs, maxPerClient, clocks, display } = this.options;
    await clocks.refresh(clientId);
    const token = randomBytes(32).toString("base64url");
    const key = digest(token);
    const expiresAt = clocks.now(clientId) + ttlMs;
    // The entry first: a digest the cap evicts right away must find its key to delete.
    await callStore(display, () => redis.set(`${prefix}tok:${key}`, `${expiresAt}\n${clientKey(prefix, clientId)}clock\n${clientId}`, "PX", ttlMs));
    const evicted = await callStore(display, () => this.#commands().ecAddTokenDigest(`${clientKey(prefix, clientId)}tokenexp`, key, ttlMs, maxPerClient));
    if (evicted.length > 0) await callStore(display, () => redis.del(...evicted.map((k) => `${prefix}tok:${k}`)));
    return token;
  }

  async clientOf(token: string): Promise<string | undefined> {
    const { redis, prefix, clocks, display } = this.options;
    const found = await callStore(display, () => this.#commands().ecTokenAndClock(`${prefix}tok:${digest(token)}`));
    if (!found) return undefined;
    const [entry, clock] = found;
    const lines = entry.split("\n");
    const expiresAt = Number(lines[0]);
    const clientId = lines.slice(2).join("\n");
    // The expiry is judged on the client's own clock, which a test may have moved from another process.
    await clocks.adopt(clientId, clock == null ? undefined : parseClock(clock));
    return clocks.now(clientId) >= expiresAt ? undefined : clientId;
  }

  async revokeClient(clientId: string): Promise<void> {
    const { redis, prefix, display } = this.options;
    const digests = `${clientKey(prefix, clientId)}tokenexp`;
    const legacy = `${clientKey(prefix, clientId)}tokens`;
    const [current, older] = await callStore(display, () => Promise.all([redis.zrange(digests, "0", "-1"), redis.smembers(legacy)]));
    await callStore(display, () => redis.del(...[...current, ...older].map((k) => `${prefix}tok:${k}`), digests, legacy));
  }
}

export class RedisClockBacking implements ClockBacking {
  constructor(private readonly options: SessionOptions) {}

  async load(clientId: string): Promise<ClientClock | undefined> {
    const { redis, prefix, display } = this.options;
    const json = await callStore(display, () => redis.get(`${clientKey(prefix, clientId)}clock`));
    return json === null ? undefined : parseClock(json);
  }

  async save(clientId: string, clock: ClientClock | undefined): Promise<void> {
    const { redis, prefix, display } = this.options;
    const key = `${clientKey(prefix, clientId)}clock`;
    if (clock) await callStore(display, () => redis.set(key, JSON.stringify({ offsetMs: clock.offsetMs, frozenAt: clock.frozenAt ?? null, seed: clock.seed ?? null, faults: clock.faults })));
    else await callStore(display, () => redis.del(key));
  }
}

/** The journal in Redis; recording (the middleware) is the in-memory journal's, writing here instead. */
/** How long journal lines wait to be written together: one pipeline for every request of that moment. */
const JOURNAL_BATCH_MS = 20;

export class RedisJournal extends Journal {
  /** Lines not yet written, per client, oldest first. */
  readonly #pending = new Map<string, string[]>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SessionOptions) {
    super();
  }

  override add(clientId: string, entry: JournalEntry): void {
    // Never waits and never fails the request: lines are written in batches (a lost batch is the price of a Redis
    // outage), so a request under load costs Redis no command of its own for its journal line.
    let lines = this.#pending.get(clientId);
    if (!lines) this.#pending.set(clientId, (lines = []));
    lines.push(JSON.stringify(entry));
    this.#timer ??= setTimeout(() => void this.flush(), JOURNAL_BATCH_MS).unref();
  }

  /** Writes the lines gathered so far (LPUSH of the batch, then LTRIM, per client: newest first, at most 1,000). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size > 0) {
      const pipeline = this.options.redis.pipeline();
      for (const [clientId, lines] of this.#pending) {
        const key = `${clientKey(this.options.prefix, clientId)}journal`;
        pipeline.lpush(key, ...lines.slice(-JOURNAL_SIZE)).ltrim(key, 0, JOURNAL_SIZE - 1);
      }
      this.#pending.clear();
      const written = pipeline.exec().then(
        () => undefined,
        () => undefined,
      );
      this.#writing = this.#writing.then(() => written);
    }
    return this.#writing;
  }

  override async latest(clientId: string, limit: number): Promise<JournalEntry[]> {
    // This process's own lines are written first, so a client reads what it just did.
    await this.flush();
    const { redis, prefix, display } = this.options;
    const list = await callStore(display, () => redis.lrange(`${clientKey(prefix, clientId)}journal`, 0, limit - 1));
    return list.map((json) => JSON.parse(json) as JournalEntry);
  }

  override async clear(clientId: string): Promise<void> {
    this.#pending.delete(clientId);
    await this.flush();
    const { redis, prefix, display } = this.options;
    await callStore(display, () => redis.del(`${clientKey(prefix, clientId)}journal`));
  }
}
