// A list that keeps only its newest `capacity` items: a mock that runs for months as a shared sandbox must not grow
// until it dies. A ring buffer, so adding to a full list costs the same as to an empty one (no shift, no copy); it
// grows by doubling up to its capacity, and can also drop its oldest item (to stay within a size in bytes).

/** The newest `capacity` items added, oldest first; adding one more drops the oldest. */
export class Retained<T> {
  #buffer: (T | undefined)[] = [];
  /** Index of the oldest item in the buffer. */
  #head = 0;
  #length = 0;
  #changes = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`capacity must be a whole number >= 1, got ${capacity}`);
  }

  get length(): number {
    return this.#length;
  }

  /** Changes whenever the list does (a version for what is derived from it). */
  get added(): number {
    return this.#changes;
  }

  /** Adds the newest item; returns the one that dropped out to make room, if any. */
  push(item: T): T | undefined {
    this.#changes++;
    if (this.#length === this.capacity) {
      const dropped = this.#buffer[this.#head];
      this.#buffer[this.#head] = item;
      this.#head = (this.#head + 1) % this.#buffer.length;
      return dropped;
    }
    if (this.#length === this.#buffer.length) this.#grow();
    this.#buffer[(this.#head + this.#length) % this.#buffer.length] = item;
    this.#length++;
    return undefined;
  }

  /** Removes and returns the oldest item. */
  dropOldest(): T | undefined {
    if (this.#length === 0) return undefined;
    this.#changes++;
    const dropped = this.#buffer[this.#head];
    this.#buffer[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#buffer.length;
    this.#length--;
    return dropped;
  }

  #grow(): void {
    const size = Math.min(this.capacity, Math.max(16, this.#buffer.length * 2));
    const next: (T | undefined)[] = new Array<T | undefined>(size);
    for (let i = 0; i < this.#length; i++) next[i] = this.#buffer[(this.#head + i) % this.#buffer.length];
    this.#buffer = next;
    this.#head = 0;
  }

  /** The item `i` places from the oldest (0) kept. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.#length) return undefined;
    return this.#buffer[(this.#head + i) % this.#buffer.length];
  }

  /** Up to `count` items, newest first, after skipping the `skip` newest. */
  newest(skip: number, count: number): T[] {
    const out: T[] = [];
    for (let i = this.#length - 1 - skip; i >= 0 && out.length < count; i--) out.push(this.at(i)!);
    return out;
  }

  /** Every item, newest first, without copying. */
  *newestFirst(): Generator<T> {
    for (let i = this.#length - 1; i >= 0; i--) yield this.at(i)!;
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = 0; i < this.#length; i++) yield this.at(i)!;
  }
}
