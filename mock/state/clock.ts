// Per-client clocks over the mock's one base clock (real time, or the `now` option): each client may run ahead or
// behind, or stand still, without touching any other client. Everything time-dependent asks `now(clientId)`.
import type { Faults } from "../../spec/control-types.js";
import type { ClientClock, ClockBacking } from "./state.js";

/** 2000-01-01 and 2100-01-01: the range a client's clock may be set to. */
export const CLOCK_MIN_MS = Date.UTC(2000, 0, 1);
export const CLOCK_MAX_MS = Date.UTC(2100, 0, 1);

export interface ClockState {
  /** The client's current time, ISO 8601 UTC. */
  now: string;
  /** How far the client's clock is ahead of the base clock, in whole seconds. */
  offsetSeconds: number;
  frozen: boolean;
  /** The client's own random seed, when it set one (else the mock's `--random-seed`, if any, applies). */
  randomSeed?: number;
}


/** An ISO 8601 duration without a sign, `PnYnMnWnDTnHnMnS` (the control API's schema also checks its format). */
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * `from` moved forward by an ISO 8601 duration, or undefined when `duration` is not one. Years and months are
 * calendar steps in UTC (P1M from 31 January is 3 March, as Date does it); the rest are fixed lengths.
 */
export function addDuration(from: number, duration: string): number | undefined {
  const m = DURATION.exec(duration);
  if (!m) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const d = new Date(from);
  if (m[1] || m[2]) d.setUTCFullYear(d.getUTCFullYear() + n(1), d.getUTCMonth() + n(2));
  const fixed = ((n(3) * 7 + n(4)) * 24 + n(5)) * 3_600_000 + n(6) * 60_000 + Math.round(n(7) * 1000);
  return d.getTime() + fixed;
}

export class Clocks {
  readonly #clients = new Map<string, ClientClock>();
  /** With a backing: each client's latest save, which a refresh waits for (so it never reads an older clock back). */
  readonly #saving = new Map<string, Promise<void>>();

  /**
   * `backing`: where the clocks live when several processes share them; a client's clock is then loaded before each
   * of its requests (`refresh`) and saved on every change (`saved`).
   */
  constructor(
    private readonly base: () => number,
    private readonly backing?: ClockBacking,
    /** The mock's random seed (`--random-seed`), for clients that set none of their own. */
    private readonly seed?: number,
  ) {}

  /** The seed of the client's simulations: its own, else the mock's; undefined: not seeded. */
  seedOf(clientId: string): number | undefined {
    return this.#clients.get(clientId)?.seed ?? this.seed;
  }

  /** Sets (or, with null, drops) the client's own random seed; its time stays as it is. */
  setSeed(clientId: string, seed: number | null): ClockState {
    const c = this.#clients.get(clientId) ?? { offsetMs: 0, frozenAt: undefined };
    this.#clients.set(clientId, { ...c, seed: seed ?? undefined });
    this.#save(clientId);
    return this.state(clientId);
  }

  /** True when the clocks are shared with other processes (and must be refreshed before use). */
  get shared(): boolean {
    return this.backing !== undefined;
  }

  /** The client's time in ms since the epoch (the base clock for a client that never moved its own). */
  now(clientId?: string): number {
    const c = clientId === undefined ? undefined : this.#clients.get(clientId);
    if (!c) return this.base();
    return c.frozenAt ?? this.base() + c.offsetMs;
  }

  state(clientId: string): ClockState {
    // One reading of the base clock: two could differ by a millisecond and make an unmoved clock's offset -0.
    const base = this.base();
    const c = this.#clients.get(clientId);
    const now = c ? (c.frozenAt ?? base + c.offsetMs) : base;
    const state: ClockState = { now: new Date(now).toISOString(), offsetSeconds: Math.round((now - base) / 1000) || 0, frozen: c?.frozenAt !== undefined };
    if (c?.seed !== undefined) state.randomSeed = c.seed;
    return state;
  }

  /** Sets the client's time (and, when `frozen` is given, whether it stands still); a frozen clock stays frozen. */
  set(clientId: string, at: number, frozen?: boolean): ClockState {
    const before = this.#clients.get(clientId);
    const stays = frozen ?? before?.frozenAt !== undefined;
    this.#clients.set(clientId, { offsetMs: at - this.base(), frozenAt: stays ? at : undefined, seed: before?.seed, ...(before?.faults !== undefined && { faults: before.faults }) });
    this.#save(clientId);
    return this.state(clientId);
  }

  /** Back to the base clock and the mock's random seed (the client's faults, kept with its clock, stay). */
  reset(clientId: string): ClockState {
    const faults = this.#clients.get(clientId)?.faults;
    if (faults === undefined) this.#clients.delete(clientId);
    else this.#clients.set(clientId, { offsetMs: 0, frozenAt: undefined, faults });
    this.#save(clientId);
    return this.state(clientId);
  }

  /** The client's own faults (kept with its clock, so loaded with it): undefined, the mock's defaults; null, none. */
  faultsOf(clientId: string): Faults | null | undefined {
    return this.#clients.get(clientId)?.faults;
  }

  /** Sets the client's own faults (undefined: back to the defaults); its time stays as it is. */
  setFaults(clientId: string, faults: Faults | null | undefined): void {
    const c = this.#clients.get(clientId);
    if (faults === undefined && (!c || (c.offsetMs === 0 && c.frozenAt === undefined))) this.#clients.delete(clientId);
    else this.#clients.set(clientId, { offsetMs: c?.offsetMs ?? 0, frozenAt: c?.frozenAt, ...(faults !== undefined && { faults }) });
    this.#save(clientId);
  }

  /** Loads the client's clock from the backing (nothing to do without one). */
  async refresh(clientId: string): Promise<void> {
    if (!this.backing) return;
    await this.#saving.get(clientId)?.catch(() => undefined);
    this.#put(clientId, await this.backing.load(clientId));
  }

  /**
   * Takes a client's clock as read from the backing together with something else (the token store reads both in one
   * round trip); while a change of this process is still being saved, reads it again once saved instead.
   */
  adopt(clientId: string, clock: ClientClock | undefined): Promise<void> | undefined {
    if (this.#saving.has(clientId)) return this.refresh(clientId);
    // No promise when nothing waits: this runs on every request of a shared store.
    this.#put(clientId, clock);
    return undefined;
  }

  #put(clientId: string, clock: ClientClock | undefined): void {
    if (clock) this.#clients.set(clientId, clock);
    else this.#clients.delete(clientId);
  }

  /** Resolves once the client's last change is saved to the backing (at once without one); rejects if it failed. */
  async saved(clientId: string): Promise<void> {
    await this.#saving.get(clientId);
  }

  #save(clientId: string): void {
    if (!this.backing) return;
    const saving = this.backing.save(clientId, this.#clients.get(clientId));
    this.#saving.set(clientId, saving);
    const forget = () => {
      if (this.#saving.get(clientId) === saving) this.#saving.delete(clientId);
    };
    saving.then(forget, forget);
  }
}
