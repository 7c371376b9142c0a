// Reads a replica may answer from its own memory: Redis's server-assisted client-side caching (CLIENT TRACKING), so
// that a request whose token, clock and user were read before costs Redis no command.
//
// Three promises keep a cached answer as fresh as a read from Redis:
//   - Redis tells this process when a key it cached changes. The `reader` connection is tracked; Redis sends the
//     names of changed keys to `__redis__:invalidate` on a RESP2 subscriber (REDIRECT), and their entries are dropped.
//   - A cached answer is used only after a PING on that subscriber, sent after the read was asked for, has come back.
//     Redis queues a write's invalidations on the subscriber before it answers the write, and answers that PING
//     after them, so a change another replica has confirmed is never read stale here. A PING on the reader, over the
//     same connection as before, proves Redis still tracks it. One pair of PINGs serves every read asked for in the
//     same turn of the event loop.
//   - An entry is kept only when no invalidation of its keys arrived while it was being read, and everything is
//     dropped whenever either connection drops (Redis forgets what it tracked for a closed connection); until both
//     are back and tracking is on again, every read goes to Redis.
// Only what exists is tracked (a token, a user, a clock): a stream of made-up tokens or user ids costs Redis no entry
// in its tracking table, because those are read untracked first and read again, tracked, only when they exist.
import { Command, Redis, type RedisOptions } from "ioredis";

const CHANNEL = "__redis__:invalidate";
/** Entries kept per process; all are dropped when full (Redis keeps tracking them, which costs it a little memory). */
const MAX_ENTRIES = 100_000;
/** Keys whose last invalidation is remembered, to refuse an entry read while its key changed. */
const MAX_REMEMBERED = 10_000;
/** How long after a lost connection tracking is set up again. */
const RETRY_MS = 500;

interface Entry {
  value: unknown;
  keys: readonly string[];
  /** Date.now() after which the entry is no longer used (a key with a time to live). */
  until: number;
}

export class TrackedReads {
  readonly #reader: Redis;
  /** How to reach Redis (the store's own settings: data-store.ts `redisOptions`), for the subscriber. */
  readonly #options: RedisOptions;
  #subscriber: Redis | undefined;
  #live = false;
  #closed = false;
  /** Bumped whenever everything is dropped: a read begun before then is not kept. */
  #epoch = 0;
  readonly #entries = new Map<string, Entry>();
  readonly #byKey = new Map<string, Set<string>>();
  /** Invalidations counted, and the count at each remembered key's last one; counts at or below `#floor` are forgotten. */
  #invalidations = 0;
  #floor = 0;
  readonly #lastInvalidated = new Map<string, number>();
  /** The pair of PINGs the reads of this turn wait for: true when they came back with tracking intact. */
  #barrier: { promise: Promise<boolean>; settle: (fresh: boolean) => void } | undefined;
  /**
   * True from the moment a pair of PINGs comes back until the promises it resolved have run (a nextTick after them):
   * the code running then was waiting for that pair, so its requests arrived before the PINGs were sent.
   */
  #justSynced = false;
  #retry: NodeJS.Timeout | undefined;
  /** Why tracking is off for good (Redis refused it), or undefined. */
  #refused: string | undefined;
  /** Whether tracking is being set up (a subscriber connecting, the reader being redirected to it). */
  #settingUp = false;
  /** The reader's lost connections, counted: tracking turned on over a connection since lost is not on. */
  #readerDrops = 0;

  private constructor(reader: Redis, options: RedisOptions) {
    this.#reader = reader;
    this.#options = options;
    reader.on("close", () => {
      this.#readerDrops++;
      this.#down();
    });
    reader.on("ready", () => this.#schedule(0));
  }

  /** Tracking on `reader` (a connection used for nothing else), set up before this resolves when Redis allows it. */
  static async open(reader: Redis, options: RedisOptions): Promise<TrackedReads> {
    const reads = new TrackedReads(reader, options);
    await reads.#setUp();
    return reads;
  }

  /** Whether cached answers are in use; else why not. */
  get state(): { live: true } | { live: false; reason: string } {
    if (this.#live) return { live: true };
    return { live: false, reason: this.#refused ?? (this.#closed ? "closed" : "connecting") };
  }

  /** How many answers are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** The connection tracked reads go to. */
  get reader(): Redis {
    return this.#reader;
  }

  /**
   * The value kept for `id` (never undefined itself), or undefined; without the wait for freshness: use it only once
   * `synced()` has said yes since the request began (an earlier read of the same request may have waited for it).
   */
  peek<T>(id: string): T | undefined {
    if (!this.#live) return undefined;
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    return entry.until === Infinity || Date.now() < entry.until ? (entry.value as T) : undefined;
  }

  /**
   * Whether what is kept is now as fresh as a read from Redis: true at once in the run of promises a returning pair
   * of PINGs set off (everything running then was waiting for it, so its request arrived before they were sent), else
   * after one pair sent at the end of this turn, shared by every read of the turn; false when tracking is off or the
   * PINGs failed (the caller reads Redis).
   */
  synced(): true | Promise<boolean> {
    if (this.#justSynced && this.#live) return true;
    if (!this.#live) return Promise.resolve(false);
    return this.#sync();
  }

  /**
   * Reads `id` again on the tracked connection and keeps what `keep` makes of the answer (undefined: nothing), unless
   * one of its keys changed meanwhile. Runs in the background: its failures only leave the entry out.
   */
  fill<T>(id: string, read: (reader: Redis) => Promise<T>, keep: (answer: T, sentAt: number) => { value: NonNullable<unknown> | null; keys: readonly string[]; until?: number } | undefined): void {
    if (!this.#live || this.#entries.has(id)) return;
    const epoch = this.#epoch;
    const since = this.#invalidations;
    const sentAt = Date.now();
    read(this.#reader).then(
      (answer) => {
        if (!this.#live || epoch !== this.#epoch) return;
        const kept = keep(answer, sentAt);
        if (!kept || this.#changedSince(kept.keys, since)) return;
        if (this.#entries.size >= MAX_ENTRIES) this.#dropAll();
        this.#entries.set(id, { value: kept.value, keys: kept.keys, until: kept.until ?? Infinity });
        for (const key of kept.keys) {
          let ids = this.#byKey.get(key);
          if (!ids) this.#byKey.set(key, (ids = new Set()));
          ids.add(id);
        }
      },
      () => undefined,
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#down();
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  #changedSince(keys: readonly string[], since: number): boolean {
    if (since < this.#floor) return true;
    for (const key of keys) if ((this.#lastInvalidated.get(key) ?? 0) > since) return true;
    return false;
  }

  /**
   * A pair of PINGs sent at the end of this turn of the event loop, after every read of the turn asked for it; pairs
   * of successive turns overlap (waiting for one in flight, sent before the read asked, would prove nothing).
   */
  #sync(): Promise<boolean> {
    if (this.#barrier) return this.#barrier.promise;
    let settle!: (fresh: boolean) => void;
    const promise = new Promise<boolean>((resolve) => (settle = resolve));
    this.#barrier = { promise, settle };
    setImmediate(() => this.#ping());
    return promise;
  }

  #ping(): void {
    const barrier = this.#barrier!;
    this.#barrier = undefined;
    const subscriber = this.#subscriber;
    if (!this.#live || !subscriber) return barrier.settle(false);
    // The reader's PING too: a reader Redis closed (CLIENT KILL, an idle timeout) is no longer tracked, and its close
    // may not have been noticed yet; an answer on the same connection proves it still is.
    const drops = this.#readerDrops;
    // Sent now, not with the next automatic pipeline (one more turn of the loop for every read that waits).
    Promise.all([subscriber.ping(), this.#reader.sendCommand(new Command("ping", []))]).then(
      () => {
        if (drops !== this.#readerDrops || !this.#live) return barrier.settle(false);
        // Until the promises this resolution sets off have run, everything that reads was waiting for it.
        this.#justSynced = true;
        process.nextTick(() => (this.#justSynced = false));
        barrier.settle(true);
      },
      () => barrier.settle(false),
    );
  }

  #invalidate(keys: unknown): void {
    // A null message: the whole database was flushed.
    if (!Array.isArray(keys)) return this.#dropAll();
    for (const raw of keys) {
      const key = String(raw);
      this.#lastInvalidated.set(key, ++this.#invalidations);
      const ids = this.#byKey.get(key);
      if (!ids) continue;
      this.#byKey.delete(key);
      for (const id of ids) this.#entries.delete(id);
    }
    if (this.#lastInvalidated.size > MAX_REMEMBERED) {
      this.#lastInvalidated.clear();
      this.#floor = this.#invalidations;
    }
  }

  #dropAll(): void {
    this.#epoch++;
    this.#entries.clear();
    this.#byKey.clear();
    this.#lastInvalidated.clear();
    this.#floor = this.#invalidations;
  }

  /** A connection dropped: Redis no longer tracks what was cached, so nothing kept can be used. */
  #down(): void {
    this.#live = false;
    this.#dropAll();
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    subscriber?.disconnect();
    this.#schedule(RETRY_MS);
  }

  #schedule(ms: number): void {
    if (this.#closed || this.#refused !== undefined || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#setUp();
    }, ms).unref();
  }

  /** A subscriber of its own, then tracking on the reader redirected to it; retried until both connections are up. */
  async #setUp(): Promise<void> {
    // One at a time: two at once would leave the reader redirected to one subscriber and the PINGs on the other.
    if (this.#closed || this.#live || this.#refused !== undefined || this.#settingUp) return;
    if (this.#reader.status !== "ready") return this.#schedule(RETRY_MS);
    this.#settingUp = true;
    try {
      await this.#connectSubscriber();
    } finally {
      this.#settingUp = false;
    }
  }

  async #connectSubscriber(): Promise<void> {
    const drops = this.#readerDrops;
    const subscriber = new Redis({ ...this.#options, protocol: 2, retryStrategy: () => null, autoResubscribe: false, enableAutoPipelining: false });
    subscriber.on("error", () => {});
    try {
      await subscriber.connect();
      const id = await subscriber.client("ID");
      subscriber.on("messageBuffer", (_channel: Buffer, keys: unknown) => this.#invalidate(keys));
      await subscriber.subscribe(CHANNEL);
      await this.#reader.client("TRACKING", "OFF");
      await this.#reader.client("TRACKING", "ON", "REDIRECT", String(id));
    } catch (e) {
      subscriber.disconnect();
      // Redis answered no (an older Redis, CLIENT not allowed to this user): reads go to Redis, as without a cache.
      if (e instanceof Error && e.name === "ReplyError") this.#refused = `Redis refused client tracking: ${e.message.split("\n")[0]}`;
      else this.#schedule(RETRY_MS);
      return;
    }
    if (this.#closed || drops !== this.#readerDrops || this.#reader.status !== "ready" || subscriber.status !== "ready") {
      subscriber.disconnect();
      return this.#schedule(RETRY_MS);
    }
    subscriber.once("close", () => {
      if (this.#subscriber === subscriber) this.#down();
    });
    this.#subscriber = subscriber;
    this.#dropAll();
    this.#live = true;
  }
}
