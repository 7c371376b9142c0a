// A circuit breaker per webhook: a receiver that times out again and again holds a connection for the whole
// attempt timeout each time, which costs its partner's share of the deliverer and the host's sockets. After
// `threshold` timeouts in a row its attempts are held (logged as failed at once, without connecting, and the
// webhook's status stays TimeOut) for a cool-down; then one attempt probes the receiver: an answer closes the
// breaker, another timeout opens it again for twice as long (up to `maxCooldownMs`). Timed in real time, not on
// the partner's clock, which the partner may freeze or move.
import type { Outcome } from "./attempt.js";

export interface BreakerOptions {
  /** Timeouts in a row that open the breaker. Default 5. */
  threshold?: number;
  /** How long the first opening lasts; each further one twice as long. Default 30000. */
  cooldownMs?: number;
  /** The longest opening. Default 300000. */
  maxCooldownMs?: number;
  /** Real time in ms. Default Date.now. */
  clock?: () => number;
}

interface Breaker {
  timeouts: number;
  /** Set while open: attempts before this instant are held. */
  openUntil: number;
  openings: number;
  /** When the probe after an opening started (further attempts are held until it ends, or for a minute). */
  probeAt: number | undefined;
}

const PROBE_LIMIT_MS = 60_000;

/** The breakers of one deliverer, keyed by partner, webhook and URL (a new URL starts closed). */
export class CircuitBreakers {
  readonly #breakers = new Map<string, Breaker>();
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #maxCooldownMs: number;
  readonly #clock: () => number;

  constructor(options: BreakerOptions = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#maxCooldownMs = options.maxCooldownMs ?? 300_000;
    this.#clock = options.clock ?? Date.now;
  }

  key(tenantId: string, webhookId: string, url: string): string {
    return `${tenantId}\u0000${webhookId}\u0000${url}`;
  }

  /** Whether an attempt may connect now (false: hold it). */
  allow(key: string): boolean {
    const b = this.#breakers.get(key);
    if (!b || b.openings === 0) return true;
    const now = this.#clock();
    if (now < b.openUntil) return false;
    if (b.probeAt !== undefined && now - b.probeAt < PROBE_LIMIT_MS) return false;
    b.probeAt = now;
    return true;
  }

  /** Takes note of an attempt that connected. */
  record(key: string, outcome: Outcome): void {
    if (outcome !== "timeout") {
      this.#breakers.delete(key);
      return;
    }
    let b = this.#breakers.get(key);
    if (!b) this.#breakers.set(key, (b = { timeouts: 0, openUntil: 0, openings: 0, probeAt: undefined }));
    b.timeouts++;
    b.probeAt = undefined;
    if (b.timeouts >= this.#threshold) {
      b.openUntil = this.#clock() + Math.min(this.#maxCooldownMs, this.#cooldownMs * 2 ** b.openings);
      b.openings++;
    }
  }

  /** Whether attempts to this webhook's receiver are held now. */
  isOpen(key: string): boolean {
    const b = this.#breakers.get(key);
    return b !== undefined && b.openings > 0 && this.#clock() < b.openUntil;
  }

  /** Forgets a partner's breakers (its data was reset). */
  forget(tenantId: string): void {
    for (const key of this.#breakers.keys()) if (key.startsWith(`${tenantId}\u0000`)) this.#breakers.delete(key);
  }
}
