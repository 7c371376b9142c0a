// Writes the log's batches to a file descriptor (stdout) off the main thread: one `fs.write` at a time on libuv's
// thread pool, the batches that come meanwhile queued behind it. So a slow reader (`npm start | less`) never blocks
// the mock, a reader that went away (`| head`: EPIPE) only ends the log, and `flush()` resolves once everything
// queued is written. (sonic-boom, used before, spins forever in its flushSync once the reader is gone.)
import { write } from "node:fs";

/** How long a full non-blocking pipe (EAGAIN) is left before the write is tried again. */
const RETRY_MS = 10;
/** What is queued at most while the reader does not keep up; older batches are dropped beyond it. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** The kept buffer's size: a batch of the log (~64 KB of text) fits it. */
const SPARE_BYTES = 256 * 1024;

export class FdWriter {
  #queue: Buffer[] = [];
  #queued = 0;
  #writing = false;
  #gone = false;
  #idle: (() => void)[] = [];
  /** The buffer a batch is written from when no other is in flight. */
  #spare: Buffer | undefined;

  constructor(private readonly fd: number) {}

  /** False once the descriptor refused a write for good (EPIPE, EBADF…): what is written after is dropped. */
  get open(): boolean {
    return !this.#gone;
  }

  write(text: string): void {
    if (this.#gone || text === "") return;
    // Nothing in flight: the text goes through one buffer kept for it, not a new one per batch (allocating ~64 KB
    // outside the heap 80 times a second drew collections of its own).
    if (!this.#writing && text.length * 3 <= SPARE_BYTES) {
      const spare = (this.#spare ??= Buffer.allocUnsafeSlow(SPARE_BYTES));
      this.#writing = true;
      this.#send(spare.subarray(0, spare.write(text)));
      return;
    }
    const chunk = Buffer.from(text);
    this.#queue.push(chunk);
    this.#queued += chunk.length;
    while (this.#queued > MAX_QUEUED_BYTES && this.#queue.length > 1) this.#queued -= this.#queue.shift()!.length;
    if (!this.#writing) this.#next();
  }

  /** Resolves once everything written so far is out (or can never be), at the latest after `timeoutMs`. */
  flush(timeoutMs = 2000): Promise<void> {
    if (!this.#writing) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #next(): void {
    if (this.#queue.length === 0 || this.#gone) {
      this.#writing = false;
      this.#queue = [];
      this.#queued = 0;
      for (const done of this.#idle.splice(0)) done();
      return;
    }
    this.#writing = true;
    const chunk = this.#queue.length === 1 ? this.#queue[0]! : Buffer.concat(this.#queue);
    this.#queue = [];
    this.#queued = 0;
    this.#send(chunk);
  }

  #send(chunk: Buffer): void {
    write(this.fd, chunk, 0, chunk.length, null, (err, written) => {
      if (err) {
        if (err.code === "EAGAIN") {
          setTimeout(() => this.#send(chunk), RETRY_MS).unref();
          return;
        }
        this.#gone = true;
        return this.#next();
      }
      if (written < chunk.length) return this.#send(chunk.subarray(written));
      this.#next();
    });
  }
}
