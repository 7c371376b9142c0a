// Fair shares of the mock's one event loop between clients. A shared sandbox serves many partners; one of them
// firing 10,000 simulations over 50 connections would otherwise get 50 requests run for every one of a partner
// with a few connections, and starve it. Requests run at once while the loop is not busy; beyond a short slice of
// work per loop turn they wait, each client in its own queue, and the client that has used the least time so far
// goes next (start-time fair queueing, measured in milliseconds of handler time). Between slices the loop reads
// the sockets again, so a waiting partner's request is at most one slice (plus one request) behind. Only handler
// time is shared out (validation, the handler, writing the answer): parsing and routing run before the queue.
import type { DispatchedHandler } from "./bare.js";

/** Handler time run back to back, under contention, before the loop reads its sockets again. */
const SLICE_MS = 0.2;
/**
 * How long the scheduler remembers that two clients sent requests. With one client at a time there is no one to
 * be fair to, and every request runs at once (deferring every request measured ~14 % off GET /users/{id}).
 */
const EPOCH_MS = 100;

interface ClientShare {
  /** Handler time this client has used, on the scheduler's virtual clock. */
  used: number;
  waiting: (() => void)[];
}

/** One scheduler per app: a middleware that runs the rest of the chain (validation, handler) in fair order. */
export function fairShare(): DispatchedHandler {
  const clients = new Map<string, ClientShare>();
  let waiting = 0;
  /** The virtual time of the last request run: a client that was idle starts from here, not with banked credit. */
  let virtualNow = 0;
  let sliceStart = 0;
  let sliceOpen = false;
  let drainScheduled = false;
  let epochStart = -Infinity;
  let epochClient: string | undefined;
  let epochShared = false;
  let lastEpochShared = false;

  const shareOf = (clientId: string): ClientShare => {
    let c = clients.get(clientId);
    if (!c) clients.set(clientId, (c = { used: virtualNow, waiting: [] }));
    return c;
  };

  const run = (c: ClientShare, next: (err?: unknown) => void): void => {
    virtualNow = Math.max(virtualNow, c.used);
    const t0 = performance.now();
    next();
    c.used = Math.max(c.used, virtualNow) + (performance.now() - t0);
  };

  const closeSlice = (): void => {
    sliceOpen = false;
  };

  const drain = (): void => {
    drainScheduled = false;
    const start = performance.now();
    while (waiting > 0 && performance.now() - start < SLICE_MS) {
      let pick: ClientShare | undefined;
      for (const c of clients.values()) if (c.waiting.length > 0 && (!pick || c.used < pick.used)) pick = c;
      if (!pick) break;
      waiting--;
      run(pick, pick.waiting.shift()!);
    }
    if (waiting > 0) schedule();
  };

  const schedule = (): void => {
    if (drainScheduled) return;
    drainScheduled = true;
    setImmediate(drain);
  };

  return (_req, res, next) => {
    const clientId = res.locals.clientId ?? "";
    const c = shareOf(clientId);
    const now = performance.now();
    if (now - epochStart > EPOCH_MS) {
      lastEpochShared = epochShared;
      epochStart = now;
      epochClient = clientId;
      epochShared = false;
    } else if (clientId !== epochClient) epochShared = true;
    if (waiting === 0 && !epochShared && !lastEpochShared) {
      run(c, next);
      return;
    }
    if (!sliceOpen) {
      sliceOpen = true;
      sliceStart = now;
      setImmediate(closeSlice);
    }
    if (waiting === 0 && now - sliceStart < SLICE_MS) {
      run(c, next);
      return;
    }
    if (c.waiting.length === 0) c.used = Math.max(c.used, virtualNow);
    c.waiting.push(() => next());
    waiting++;
    schedule();
  };
}
