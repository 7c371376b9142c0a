// Each client's clock (and its injected faults) in Redis, so that every mock process on one store tells the same
// time. Key layout (`C` = the client's base key, see data-store.ts):
//   C clock   string  the client's clock as JSON ({offsetMs, frozenAt, seed, faults}); absent: the base clock and
//                     the mock's default faults (mock/faults/faults.ts)
import type { ClientClock, ClockBacking } from "../state.js";
import { callStore, clientKey, type Keyspace } from "./data-store.js";

/** A clock as saved by `RedisClockBacking.save` (older versions saved null for an absent field). */
export function parseClock(json: string): ClientClock {
  const c = JSON.parse(json) as { offsetMs: number; frozenAt?: number | null; seed?: number | null; faults?: ClientClock["faults"] };
  return { offsetMs: c.offsetMs, frozenAt: c.frozenAt ?? undefined, seed: c.seed ?? undefined, ...(c.faults !== undefined && { faults: c.faults }) };
}

export class RedisClockBacking implements ClockBacking {
  constructor(private readonly options: Keyspace) {}

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
