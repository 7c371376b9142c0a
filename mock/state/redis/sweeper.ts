// One process at a time runs a periodic job (the outbox sweep): each process tries every interval to take or renew
// a lease (`SET NX PX`, renewed by its holder while it lives), and only the holder runs the job. A holder that dies
// stops renewing; another takes over once the lease lapses. Nothing more than that lease: the job itself is safe to
// run twice (re-enqueueing a notification whose job id exists changes nothing), so a lease that lapses mid-run costs
// at most a repeated enqueue.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { LEASE, RELEASE } from "./push-scripts.js";

export interface SweeperOptions {
  redis: Redis;
  /** The lease's key. */
  key: string;
  everyMs: number;
  /** How long the lease lasts unless renewed; longer than `everyMs` so a live holder keeps it. */
  leaseMs: number;
  run(): Promise<void>;
  /** Told of a round that failed (Redis unreachable, a failed enqueue); the entries wait for the next round. */
  onError?: ((error: unknown) => void) | undefined;
}

export interface Sweeper {
  /** Whether this process held the lease at its last try. */
  readonly leading: boolean;
  /** One round now (take or renew the lease, then run if held); what the timer does. */
  tick(): Promise<void>;
  /** Stops the timer, waits for a round in progress, and lets the lease go. */
  stop(): Promise<void>;
}

/** How long stop() waits for a round in progress. */
const STOP_WAIT_MS = 1000;

type LeaseCommands = { ecpLease(key: string, holder: string, ms: number): Promise<number>; ecpRelease(key: string, holder: string): Promise<number> };

export function startSweeper(options: SweeperOptions): Sweeper {
  const me = randomUUID();
  const redis = options.redis;
  if (!("ecpLease" in redis)) {
    redis.defineCommand("ecpLease", { numberOfKeys: 1, lua: LEASE });
    redis.defineCommand("ecpRelease", { numberOfKeys: 1, lua: RELEASE });
  }
  const commands = redis as unknown as LeaseCommands;
  let leading = false;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function round(): Promise<void> {
    try {
      leading = (await commands.ecpLease(options.key, me, options.leaseMs)) === 1;
      if (leading && !stopped) await options.run();
    } catch (error) {
      // Redis unreachable or a failed enqueue: the entries stay in the outbox for the next round.
      options.onError?.(new Error(`outbox sweep: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  const tick = (): Promise<void> => {
    running ??= round().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void tick(), options.everyMs);
  timer.unref();

  return {
    get leading() {
      return leading;
    },
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // A round waiting for an unreachable Redis is left to run out: its entries stay for the next sweeper.
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
      if (leading) await commands.ecpRelease(options.key, me).catch(() => undefined);
      leading = false;
    },
  };
}
