// Throttling of failed client authentications at the token endpoint, so that a shared sandbox's secrets cannot be
// guessed at network speed. Failures are counted per address and per client id over a window; beyond a limit
// further attempts are refused with 429 and Retry-After *before* the secret is checked (a refused guess teaches
// nothing). A correct secret is never slowed, and a client id under attack from elsewhere stays usable: the
// client-id limit only refuses addresses that have themselves failed in the window, so the partner's own machine
// (which has not) still gets its tokens. Timed in real time; bounded in memory.

export interface ThrottleOptions {
  /** Failures per address within the window before that address is refused. Default 20. */
  perAddress?: number;
  /** Failures for one client id within the window before addresses that failed are refused for it. Default 10. */
  perClient?: number;
  /** The window in ms. Default 60000. */
  windowMs?: number;
  /** Addresses and client ids remembered at most (the oldest go first). Default 10000. */
  maxTracked?: number;
  /** Real time in ms. Default Date.now. */
  clock?: () => number;
}

interface Failures {
  /** Failure times within the window, oldest first. */
  times: number[];
}

/** Why an attempt is refused, and for how long. */
export interface Refusal {
  reason: string;
  retryAfterS: number;
}

/** The throttle of one token endpoint. */
export class TokenThrottle {
  readonly #byAddress = new Map<string, Failures>();
  readonly #byClient = new Map<string, Failures>();
  readonly #perAddress: number;
  readonly #perClient: number;
  readonly #windowMs: number;
  readonly #maxTracked: number;
  readonly #clock: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.#perAddress = options.perAddress ?? 20;
    this.#perClient = options.perClient ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxTracked = options.maxTracked ?? 10_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** Whether an attempt from the address for the client id may be checked now; a Refusal when not. */
  check(address: string, clientId: string | null): Refusal | undefined {
    const now = this.#clock();
    const fromAddress = this.#recent(this.#byAddress, address, now);
    if (fromAddress.length >= this.#perAddress) {
      return { reason: `too many failed attempts from this address (${fromAddress.length} in ${this.#windowMs / 1000} s)`, retryAfterS: this.#retryAfter(fromAddress, now) };
    }
    if (clientId === null || fromAddress.length === 0) return undefined;
    const forClient = this.#recent(this.#byClient, clientId, now);
    if (forClient.length >= this.#perClient) {
      return { reason: `too many failed attempts for client ${clientId} (${forClient.length} in ${this.#windowMs / 1000} s)`, retryAfterS: this.#retryAfter(forClient, now) };
    }
    return undefined;
  }

  /** Counts a failed authentication (wrong secret or unknown client). */
  failed(address: string, clientId: string | null): void {
    const now = this.#clock();
    this.#add(this.#byAddress, address, now);
    if (clientId !== null) this.#add(this.#byClient, clientId, now);
  }

  #recent(map: Map<string, Failures>, key: string, now: number): number[] {
    const entry = map.get(key);
    if (!entry) return [];
    const from = now - this.#windowMs;
    while (entry.times.length > 0 && entry.times[0]! <= from) entry.times.shift();
    if (entry.times.length === 0) map.delete(key);
    return entry.times;
  }

  #add(map: Map<string, Failures>, key: string, now: number): void {
    const times = this.#recent(map, key, now);
    // Re-inserted, so the map's order is by last failure and the least recent goes first when it is full.
    map.delete(key);
    map.set(key, { times: [...times.slice(-Math.max(this.#perAddress, this.#perClient)), now] });
    if (map.size > this.#maxTracked) map.delete(map.keys().next().value!);
  }

  /** Whole seconds until the oldest failure in the window leaves it. */
  #retryAfter(times: number[], now: number): number {
    return Math.max(1, Math.ceil((times[0]! + this.#windowMs - now) / 1000));
  }
}
