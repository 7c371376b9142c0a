// A list that keeps only its newest `capacity` items: a mock that runs for months as a shared sandbox must not grow
// until it dies. A ring buffer, so adding to a full list costs the same as to an empty one (no shift, no copy).

/** The newest `capacity` items added, oldest first; adding one more drops the oldest. */
export class Retained<T> {
  readonly #items: T[] = [];
  /** Index of the oldest item once the buffer has wrapped. */
  #head = 0;
  #added = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new Error(`capacity must be a whole number >= 1, got ${capacity}`);
  }

  get length(): number {
    return this.#items.length;
  }

  /** How many items were ever added: changes whenever the list does (a version for what is derived from it). */
  get added(): number {
    return this.#added;
  }

  /** Adds the newest item; returns the one that dropped out to make room, if any. */
  push(item: T): T | undefined {
    this.#added++;
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
      return undefined;
    }
    const dropped = this.#items[this.#head]!;
    this.#items[this.#head] = item;
    this.#head = (this.#head + 1) % this.capacity;
    return dropped;
  }

  /** The item `i` places from the oldest (0) kept. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.#items.length) return undefined;
    return this.#items[(this.#head + i) % this.#items.length];
  }

  /** Up to `count` items, newest first, after skipping the `skip` newest. */
  newest(skip: number, count: number): T[] {
    const out: T[] = [];
    for (let i = this.#items.length - 1 - skip; i >= 0 && out.length < count; i--) out.push(this.at(i)!);
    return out;
  }

  /** Every item, newest first, without copying. */
  *newestFirst(): Generator<T> {
    for (let i = this.#items.length - 1; i >= 0; i--) yield this.at(i)!;
  }

  *[Symbol.iterator](): Generator<T> {
    for (let i = 0; i < this.#items.length; i++) yield this.at(i)!;
  }
}
