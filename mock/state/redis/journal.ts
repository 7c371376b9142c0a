// Each client's request journal in Redis (GET /_mock/requests), shared by every mock process on one store. Key
// layout (`C` = the client's base key, see data-store.ts):
//   C journal   list   the client's last requests as JSON, newest first (LPUSH + LTRIM, at most JOURNAL_SIZE)
import type { JournalEntry } from "../../../spec/control-types.js";
import { JOURNAL_SIZE, type JournalState } from "../state.js";
import { callStore, clientKey, type Keyspace } from "./data-store.js";

/** How long journal lines wait to be written together: one pipeline for every request of that moment. */
const JOURNAL_BATCH_MS = 20;
/**
 * How long they wait after a batch of more than BUSY_LINES lines. Only a client's last JOURNAL_SIZE lines of a batch
 * are written (the LTRIM would drop the others), and made into JSON only then, so under load a longer wait spares
 * most of that work: at 30,000 requests a second, 1,000 lines of every 3,000 instead of all of them.
 */
const BUSY_BATCH_MS = 100;
const BUSY_LINES = 200;

/** The journal in Redis; the recorder (mock/http/journal.ts) writes to it as to the in-memory one. */
export class RedisJournal implements JournalState {
  /** Entries not yet written, per client, oldest first (at most twice JOURNAL_SIZE: older ones could not be kept). */
  readonly #pending = new Map<string, JournalEntry[]>();
  #timer: NodeJS.Timeout | undefined;
  #delay = JOURNAL_BATCH_MS;
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: Keyspace) {}

  add(clientId: string, entry: JournalEntry): void {
    // Never waits and never fails the request: lines are written in batches (a lost batch is the price of a Redis
    // outage), so a request under load costs Redis no command of its own for its journal line.
    let entries = this.#pending.get(clientId);
    if (!entries) this.#pending.set(clientId, (entries = []));
    entries.push(entry);
    if (entries.length >= 2 * JOURNAL_SIZE) entries.splice(0, JOURNAL_SIZE);
    this.#timer ??= setTimeout(() => void this.flush(), this.#delay).unref();
  }

  /** Writes the lines gathered so far (LPUSH of the batch, then LTRIM, per client: newest first, at most 1,000). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size > 0) {
      const pipeline = this.options.redis.pipeline();
      let lines = 0;
      for (const [clientId, entries] of this.#pending) {
        const key = `${clientKey(this.options.prefix, clientId)}journal`;
        const kept = entries.length > JOURNAL_SIZE ? entries.slice(-JOURNAL_SIZE) : entries;
        pipeline.lpush(key, ...kept.map((e) => JSON.stringify(e))).ltrim(key, 0, JOURNAL_SIZE - 1);
        lines += entries.length;
      }
      this.#pending.clear();
      this.#delay = lines > BUSY_LINES ? BUSY_BATCH_MS : JOURNAL_BATCH_MS;
      const written = pipeline.exec().then(
        () => undefined,
        () => undefined,
      );
      this.#writing = this.#writing.then(() => written);
    }
    return this.#writing;
  }

  async latest(clientId: string, limit: number): Promise<JournalEntry[]> {
    // This process's own lines are written first, so a client reads what it just did.
    await this.flush();
    const { redis, prefix, display } = this.options;
    const list = await callStore(display, () => redis.lrange(`${clientKey(prefix, clientId)}journal`, 0, limit - 1));
    return list.map((json) => JSON.parse(json) as JournalEntry);
  }

  async clear(clientId: string): Promise<void> {
    this.#pending.delete(clientId);
    await this.flush();
    const { redis, prefix, display } = this.options;
    await callStore(display, () => redis.del(`${clientKey(prefix, clientId)}journal`));
  }
}
