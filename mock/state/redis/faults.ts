// The fault counters (mock/faults/faults.ts) in Redis, so that every replica counts one client's requests together: its
// draws (the n-th request since its faults were set) and its rate-limit window. Key layout (`C` = the client's base
// key, see data-store.ts):
//   C faults   hash   api, webhooks: requests counted in each stream; start, hits: when the rate-limit window opened
//                     (ms) and the requests in it. Removed when the client's faults are set (its counts start over).
// The faults themselves are kept in the client's clock key (clocks.ts), which every request loads already.
import type { Redis } from "ioredis";
import type { FaultCounters, Tick } from "../../faults/faults.js";
import { callStore, clientKey } from "./data-store.js";

/**
 * KEYS[1]: the client's counters; ARGV: the stream, and for a rate limit the window's length and now (ms; '' for none).
 * A window opens at the first request after the last one closed. Answers {n, hits, start}.
 */
const TICK = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1) - 1
if ARGV[2] == '' then return {n, 0, 0} end
local now = tonumber(ARGV[3])
local start = tonumber(redis.call('HGET', KEYS[1], 'start') or '-1')
if start >= 0 and now < start + tonumber(ARGV[2]) then
  return {n, redis.call('HINCRBY', KEYS[1], 'hits', 1), start}
end
redis.call('HSET', KEYS[1], 'start', ARGV[3], 'hits', 1)
return {n, 1, now}
`;

type TickCommand = { ecFaultTick(key: string, stream: string, ms: string, now: string): Promise<[number, number, number]> };

export class RedisFaultCounters implements FaultCounters {
  constructor(private readonly options: { redis: Redis; display: string; prefix: string }) {
    if (!("ecFaultTick" in options.redis)) options.redis.defineCommand("ecFaultTick", { numberOfKeys: 1, lua: TICK });
  }

  async tick(clientId: string, stream: "api" | "webhooks", window?: { ms: number; now: number }): Promise<Tick> {
    const { redis, prefix, display } = this.options;
    // defineCommand adds the method at run time; ioredis's types cannot know it.
    const commands = redis as unknown as TickCommand;
    const key = `${clientKey(prefix, clientId)}faults`;
    const [n, hits, start] = await callStore(display, () => commands.ecFaultTick(key, stream, window ? String(window.ms) : "", window ? String(window.now) : ""));
    return { n, hits, start };
  }

  async restart(clientId: string): Promise<void> {
    const { redis, prefix, display } = this.options;
    await callStore(display, () => redis.del(`${clientKey(prefix, clientId)}faults`));
  }
}
