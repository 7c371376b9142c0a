// The issued access tokens in Redis, so that a token from one mock process is honoured by all of them. Key layout
// (`C` = the client's base key, see data-store.ts):
//   {prefix}tok:<sha256 of the token>   string  "<expiresAt ms on the client's clock>\n<the client's clock key>\n
//                                               <client id>", expiring with the token's lifetime in real time (PX);
//                                               only a digest of the token is stored
//   {prefix}tokend:<sha256 of the token>
//                                       string  "<expiresAt> <realExpiresAt ms>\n<the client's clock key>\n<client
//                                               id>", the token's end marker: kept for its lifetime and as long again
//                                               (a minute at least), so that a token whose key has expired in real time
//                                               is named as such in its 401; deleted with the token's key when the
//                                               token is revoked or evicted
//   C tokenexp                          zset    the digests of the client's tokens → when each expires (Redis's
//                                               clock, ms), for revoking them; expired ones are dropped at each
//                                               issue, and the key expires with the last token
//   C tokens                            set     the same before 0.1.1, without expiry: only read (and removed) by
//                                               a revocation, for tokens issued by an older version
// A token key names no client (the token is all a request brings), so it lives outside the client's hash tag. Every
// request reads its token's entry and its client's clock (clocks.ts) in one round trip.
import { createHash } from "node:crypto";
import { randomToken } from "../clients.js";
import type { Clocks } from "../clock.js";
import type { ClientClock, TokenState, TokenStatus } from "../state.js";
import { parseClock } from "./clocks.js";
import { callStore, clientKey, type Keyspace } from "./data-store.js";
import type { TrackedReads } from "./tracked-reads.js";
import { TokenMemo } from "../token-memo.js";

/** How long at least a token's end marker outlives the token, so that a client using it late still learns why. */
const ENDED_KEPT_MS = 60_000;

const digest = (token: string) => createHash("sha256").update(token, "utf8").digest("base64url");

/**
 * A token's entry and its client's clock in one round trip (every request needs both); when the token's key has
 * expired in real time, its end marker (tagged `ended`) in its place. The clock's key is read from
 * the entry, so it is not declared: like the store's scripts, this assumes one Redis, or a Cluster where the token's
 * key (which names no client) and the clock's hash tag share a node; the store is not run on a Cluster today.
 */
const TOKEN_AND_CLOCK = `
local tag = 'live'
local entry = redis.call('GET', KEYS[1])
if not entry then
  tag = 'ended'
  entry = redis.call('GET', KEYS[2])
  if not entry then return false end
end
local first = string.find(entry, '\\n', 1, true)
local second = string.find(entry, '\\n', first + 1, true)
return {tag, entry, redis.call('GET', string.sub(entry, first + 1, second - 1))}
`;

/**
 * A token's entry, or its end marker when its key has expired, and how long the key found lives on (PTTL, ms): what a
 * replica keeps of a token (tracked-reads.ts). Redis tracks the keys a script declares, so both are KEYS.
 */
const TOKEN_ENTRY = `
local tag, key = 'live', KEYS[1]
local entry = redis.call('GET', key)
if not entry then
  tag, key = 'ended', KEYS[2]
  entry = redis.call('GET', key)
  if not entry then return false end
end
return {tag, entry, redis.call('PTTL', key)}
`;

/**
 * KEYS[1]: the client's token digests; ARGV: digest, lifetime ms, live tokens per client. Adds the digest, drops those
 * of expired tokens and makes the key expire with the last token (on Redis's clock, as the token keys' PX). Answers
 * the digests of the oldest tokens past the cap, dropped here; the caller deletes their token keys. Scores are
 * milliseconds with Redis's microseconds as the fraction, so tokens issued within one millisecond still keep their order
 * (equal scores would order by the random digest, and the cap could evict a newer token).
 */
const ADD_TOKEN_DIGEST = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.ceil(tonumber(last[2])))
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over <= 0 then return {} end
local evicted = redis.call('ZRANGE', KEYS[1], 0, over - 1)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
return evicted
`;

type TokenCommands = {
  ecTokenAndClock(key: string, ended: string): Promise<[string, string, (string | null)?] | null>;
  ecTokenEntry(key: string, ended: string): Promise<[string, string, number] | null>;
  ecAddTokenDigest(key: string, digest: string, ttlMs: number, maxPerClient: number): Promise<string[]>;
};

/** A token's keys in Redis, and the id of what a replica keeps of it (tracked-reads.ts). */
interface TokenKeys {
  tokenKey: string;
  endKey: string;
  id: string;
}
/** What a replica keeps of a client's clock: its JSON, or null for the base clock. */
interface KeptClock {
  json: string | null;
}
/** A token's entry or end marker, read: what status() judges, and what a replica keeps of the token. */
interface TokenEntry {
  /** `live`: the token's key; `ended`: its end marker (the key expired in real time). */
  tag: string;
  /** Its expiry on its client's clock, ms. */
  expiresAt: number;
  /** When its lifetime ends in real time, ms (NaN in a token's key, which expires then). */
  realExpiresAt: number;
  clientId: string;
  /** The id its client's clock is kept under: `c:` and the clock's key. */
  clockId: string;
}

/** "<expiresAt>[ <realExpiresAt>]\n<clock key>\n<client id>", read. */
function tokenEntry(tag: string, entry: string): TokenEntry {
  const first = entry.indexOf("\n");
  const second = first < 0 ? -1 : entry.indexOf("\n", first + 1);
  const head = first < 0 ? entry : entry.slice(0, first);
  const space = head.indexOf(" ");
  return {
    tag,
    expiresAt: Number(space < 0 ? head : head.slice(0, space)),
    realExpiresAt: space < 0 ? NaN : Number(head.slice(space + 1)),
    clientId: second < 0 ? "" : entry.slice(second + 1),
    clockId: `c:${second < 0 ? "" : entry.slice(first + 1, second)}`,
  };
}

/** Tokens whose keys, and clients whose parsed clocks, are kept per process (all dropped when full). */
const KEPT = 1024;

export class RedisTokens implements TokenState {
  readonly #keysKept = new TokenMemo<TokenKeys>(KEPT);
  readonly #clocksRead = new Map<string, { json: string; clock: ClientClock }>();
  constructor(private readonly options: Keyspace & { ttlMs: number; maxPerClient: number; clocks: Clocks; tracked?: TrackedReads }) {
    if (!("ecTokenAndClock" in options.redis)) {
      options.redis.defineCommand("ecTokenAndClock", { numberOfKeys: 2, lua: TOKEN_AND_CLOCK });
      options.redis.defineCommand("ecAddTokenDigest", { numberOfKeys: 1, lua: ADD_TOKEN_DIGEST });
    }
    const reader = options.tracked?.reader;
    if (reader && !("ecTokenEntry" in reader)) reader.defineCommand("ecTokenEntry", { numberOfKeys: 2, lua: TOKEN_ENTRY });
  }

  #commands(): TokenCommands {
    return this.options.redis as unknown as TokenCommands;
  }

  async issue(clientId: string): Promise<string> {
    const { redis, prefix, ttlMs, maxPerClient, clocks, display } = this.options;
    await clocks.refresh(clientId);
    const token = randomToken();
    const key = digest(token);
    const expiresAt = clocks.now(clientId) + ttlMs;
    const rest = `\n${clientKey(prefix, clientId)}clock\n${clientId}`;
    // The entry first: a digest the cap evicts right away must find its key to delete.
    const [tokenKey, endKey] = this.#keys(key);
    await callStore(display, () =>
      Promise.all([redis.set(tokenKey, `${expiresAt}${rest}`, "PX", ttlMs), redis.set(endKey, `${expiresAt} ${Date.now() + ttlMs}${rest}`, "PX", ttlMs + Math.max(ttlMs, ENDED_KEPT_MS))]),
    );
    const evicted = await callStore(display, () => this.#commands().ecAddTokenDigest(`${clientKey(prefix, clientId)}tokenexp`, key, ttlMs, maxPerClient));
    if (evicted.length > 0) await callStore(display, () => redis.del(...evicted.flatMap((k) => this.#keys(k))));
    return token;
  }

  /** A token's key and its end marker. */
  #keys(digest: string): [string, string] {
    return [`${this.options.prefix}tok:${digest}`, `${this.options.prefix}tokend:${digest}`];
  }

  async status(token: string): Promise<TokenStatus> {
    const { clocks } = this.options;
    const found = await this.#tokenAndClock(this.#keysOf(token));
    if (!found) return { state: "unknown" };
    const { tag, expiresAt, realExpiresAt, clientId } = found.token;
    // The expiry is judged on the client's own clock, which a test may have moved from another process.
    const adopting = clocks.adopt(clientId, found.clock == null ? undefined : this.#clockOf(clientId, found.clock));
    if (adopting) await adopting;
    const now = clocks.now(clientId);
    if (now >= expiresAt) return { state: "expired", clientId, expiresAt, now };
    // The token's key expired (PX) on Redis's clock: its lifetime has passed in real time.
    if (tag === "ended") return { state: "outlived", clientId, expiresAt, realExpiresAt, now };
    return { state: "live", clientId };
  }

  /**
   * The token's entry and its client's clock: kept by this process when it read them before and Redis has not said
   * they changed; else from Redis in one round trip, and then kept (only for a token that exists).
   */
  async #tokenAndClock(keys: TokenKeys): Promise<{ token: TokenEntry; clock: string | null | undefined } | null> {
    const { tracked, display } = this.options;
    const kept = tracked?.peek<TokenEntry>(keys.id);
    if (kept && tracked!.peek<KeptClock>(kept.clockId)) {
      const synced = tracked!.synced();
      if (synced === true || (await synced)) {
        const token = tracked!.peek<TokenEntry>(keys.id);
        const clock = token && tracked!.peek<KeptClock>(token.clockId);
        if (clock) return { token, clock: clock.json };
      }
    }
    const found = await callStore(display, () => this.#commands().ecTokenAndClock(keys.tokenKey, keys.endKey));
    if (!found) return null;
    const token = tokenEntry(found[0], found[1]);
    if (tracked) {
      const { tokenKey, endKey } = keys;
      tracked.fill(
        keys.id,
        (r) => (r as unknown as TokenCommands).ecTokenEntry(tokenKey, endKey),
        (v, sentAt) => (v ? { value: tokenEntry(v[0], v[1]), keys: [tokenKey, endKey], until: v[2] >= 0 ? sentAt + v[2] : undefined } : undefined),
      );
      const clockKey = token.clockId.slice(2);
      if (clockKey) tracked.fill(token.clockId, (r) => r.get(clockKey), (json) => ({ value: { json } satisfies KeptClock, keys: [clockKey] }));
    }
    return { token, clock: found[2] };
  }

  /** A token's keys, kept for its next requests: a partner sends one token many times (spares a SHA-256 each). */
  #keysOf(token: string): TokenKeys {
    let keys = this.#keysKept.get(token);
    if (!keys) {
      const [tokenKey, endKey] = this.#keys(digest(token));
      this.#keysKept.set(token, (keys = { tokenKey, endKey, id: `t:${tokenKey}` }));
    }
    return keys;
  }

  /** A client's clock as stored; parsed again only when its JSON changed since this process last read it. */
  #clockOf(clientId: string, json: string): ClientClock {
    const last = this.#clocksRead.get(clientId);
    if (last?.json === json) return last.clock;
    const clock = parseClock(json);
    if (this.#clocksRead.size >= KEPT) this.#clocksRead.clear();
    this.#clocksRead.set(clientId, { json, clock });
    return clock;
  }

  /** The client a live token belongs to, or undefined for an unknown or expired token. */
  async clientOf(token: string): Promise<string | undefined> {
    const s = await this.status(token);
    return s.state === "live" ? s.clientId : undefined;
  }

  async revokeClient(clientId: string): Promise<void> {
    const { redis, prefix, display } = this.options;
    const digests = `${clientKey(prefix, clientId)}tokenexp`;
    const legacy = `${clientKey(prefix, clientId)}tokens`;
    const [current, older] = await callStore(display, () => Promise.all([redis.zrange(digests, "0", "-1"), redis.smembers(legacy)]));
    await callStore(display, () => redis.del(...[...current, ...older].flatMap((k) => this.#keys(k)), digests, legacy));
  }
}
