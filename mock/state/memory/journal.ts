// Each client's request journal (GET /_mock/requests) in this process; the recorder (mock/http/journal.ts) fills it.
import type { JournalEntry } from "../../../spec/control-types.js";
import { JOURNAL_SIZE, type Awaitable, type JournalState } from "../state.js";

/** Each client's last requests, in this process. */
export class MemoryJournal implements JournalState {
  /** Per client, oldest first, at most JOURNAL_SIZE (a ring would save a shift per request; 1,000 is small). */
  readonly #entries = new Map<string, JournalEntry[]>();

  add(clientId: string, entry: JournalEntry): void {
    let list = this.#entries.get(clientId);
    if (!list) this.#entries.set(clientId, (list = []));
    list.push(entry);
    if (list.length > JOURNAL_SIZE) list.shift();
  }

  /** The client's last `limit` requests, newest first. */
  latest(clientId: string, limit: number): Awaitable<JournalEntry[]> {
    const list = this.#entries.get(clientId) ?? [];
    return list.slice(-limit).reverse();
  }

  clear(clientId: string): Awaitable<void> {
    this.#entries.delete(clientId);
  }
}
