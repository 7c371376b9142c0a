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
