// Fair shares of the mock's one event loop between clients. A shared sandbox serves many partners; one of them
// firing 10,000 simulations over 50 connections would otherwise get 50 requests run for every one of a partner
// with a few connections, and starve it. A lone client's requests run at once; while two or more send requests, each
// waits in its client's queue and the client that has used the least time so far goes next, a few requests per turn
// of the loop (start-time fair queueing, measured in milliseconds of the loop's time).
//
// What a request uses is its share of the loop while it is in progress: from when its handlers start until its
// answer is done, the time that passes is split evenly between the requests in progress (processor sharing). A
// handler that awaits (every one awaits the store) does most of its work after it returns, so timing only the call
// counted a price-curve simulation as cheap as a read, and a flood of them got most of the loop (another client's
// reads fell to 0.16 of their rate alone). Each start runs in an immediate of its own, so Node runs one request's
// promises (an in-memory request's whole answer) before the next starts. The time before the queue (parsing is
// not seen, but the token check and reading the body are, from the dispatcher's start) is charged to the client when
// its request joins the queue.
import type { DispatchedHandler } from "./bare.js";

/**
 * How long the scheduler remembers that two clients sent requests. With one client at a time there is no one to
 * be fair to, and every request runs at once (deferring every request measured ~14 % off GET /users/{id}).
 */
const EPOCH_MS = 100;
/**
 * Requests started per turn of the loop at most while clients contend. One per turn left the loop's own work between
 * turns (reading sockets, parsing) as the larger part of a turn; many per turn let a burst's requests, all arrived at
 * once, run ahead of a reader's few. `npm run bench -- --only retention`, another client's reads during a burst / alone,
 * with the time before the queue charged: 4: 0.44, 6: 0.48–0.55, 8: 0.49; without it: 1: 0.35, 12: 0.45, 32: 0.21.
 */
const STARTS_PER_TURN = 6;

interface ClientShare {
  /** Loop time this client has used, on the scheduler's virtual clock. */
  used: number;
  waiting: (() => void)[];
  /** Its requests started and not yet answered. */
  inFlight: number;
}

/** What the scheduler needs of a response: its client, and the event that says it is done. */
interface Answering {
  locals: { clientId?: string | undefined; arrivedAt?: number | undefined };
  once(event: "close", listener: () => void): unknown;
}

/** One scheduler per app: a middleware that runs the rest of the chain (validation, handler) in fair order. */
export function fairShare(): DispatchedHandler {
  const clients = new Map<string, ClientShare>();
  let waiting = 0;
  /** The virtual time of the last request run: a client that was idle starts from here, not with banked credit. */
  let virtualNow = 0;
  let epochStart = -Infinity;
  let epochClient: string | undefined;
  let epochShared = false;
  let lastEpochShared = false;

  const shareOf = (clientId: string): ClientShare => {
    let c = clients.get(clientId);
    if (!c) clients.set(clientId, (c = { used: virtualNow, waiting: [], inFlight: 0 }));
    return c;
  };

  // The clients with requests in progress, how many in all, and when the loop's time was last shared out.
  const busy = new Set<ClientShare>();
  let inFlight = 0;
  let sharedUntil = performance.now();
  const share = (now: number): void => {
    if (inFlight > 0) {
      const each = (now - sharedUntil) / inFlight;
      for (const c of busy) c.used += each * c.inFlight;
    }
    sharedUntil = now;
  };

  const run = (c: ClientShare, res: Answering, next: (err?: unknown) => void): void => {
    virtualNow = Math.max(virtualNow, c.used);
    share(performance.now());
    c.inFlight++;
    inFlight++;
    busy.add(c);
    res.once("close", () => {
      share(performance.now());
      c.inFlight--;
      inFlight--;
      if (c.inFlight === 0) busy.delete(c);
    });
    next();
  };

  // Up to STARTS_PER_TURN requests per turn of the loop, each in an immediate of its own: Node runs the promises
  // (and the answer) of one before the next starts, and the loop reads its sockets between turns, so a waiting
  // partner's request is a few requests behind. Work outside any request's time in progress (parsing, the garbage
  // collector) is charged to no one: a burst of simulations still gets more of the loop than its share.
  let pending = 0;
  const startOne = (): void => {
    pending--;
    let pick: ClientShare | undefined;
    for (const c of clients.values()) if (c.waiting.length > 0 && (!pick || c.used < pick.used)) pick = c;
    if (!pick) return;
    waiting--;
    pick.waiting.shift()!();
    schedule();
  };

  const schedule = (): void => {
    while (pending < waiting && pending < STARTS_PER_TURN) {
      pending++;
      setImmediate(startOne);
    }
  };

  return (_req, res: Answering, next) => {
    const clientId = res.locals.clientId ?? "";
    const c = shareOf(clientId);
    const now = performance.now();
    if (now - epochStart > EPOCH_MS) {
      lastEpochShared = epochShared;
      epochStart = now;
      epochClient = clientId;
      epochShared = false;
    } else if (clientId !== epochClient) epochShared = true;
    // One client at a time: nobody to share with, nothing to measure.
    if (waiting === 0 && !epochShared && !lastEpochShared) {
      next();
      return;
    }
    if (c.waiting.length === 0) c.used = Math.max(c.used, virtualNow);
    // The time before the queue (the token check, the body) was this client's too.
    if (res.locals.arrivedAt !== undefined) c.used += now - res.locals.arrivedAt;
    c.waiting.push(() => run(c, res, next));
    waiting++;
    schedule();
  };
}
