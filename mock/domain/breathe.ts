// Long work on the one event loop, in slices: a request that walks a partner's whole history (compensation over
// every report) lets the other partners' requests run every few milliseconds instead of blocking them all.
import { performance } from "node:perf_hooks";

/** Work run back to back before the loop reads its sockets again. */
const SLICE_MS = 2;

/**
 * A function to call often inside a long loop: it checks the clock every `every` calls and, once a slice is used
 * up, resolves after the loop has run (otherwise it answers undefined, so the caller awaits nothing).
 */
export function breather(every = 256): () => Promise<void> | undefined {
  let calls = 0;
  let sliceStart = performance.now();
  return () => {
    if (++calls % every !== 0 || performance.now() - sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}

/**
 * Runs one piece of heavy work at a time per key (a client): a partner that asks for its compensation on 16
 * connections at once gets them one after another, instead of holding 16 times the memory and, on Redis, 16 times
 * the bytes queued ahead of everyone's commands.
 */
export class OneAtATime {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
