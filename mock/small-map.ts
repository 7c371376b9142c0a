// The collection behind a user's locations and resources and a location's resources: most hold one or two items,
// and a Map costs ~185 bytes even then (at 100,000 users its three Maps per user were half the store). This keeps
// a single item as itself, up to 8 in an array (a scan of at most 8 is still constant time), and a Map beyond,
// in insertion order like a Map.
const ARRAY_LIMIT = 8;

export class SmallMap<V extends object> {
  #items: V | V[] | Map<string, V> | undefined = undefined;

  /** `keyOf` names each item (e.g. its locationId); pass a shared function, not a new closure per map. */
  constructor(private readonly keyOf: (item: V) => string) {}

  get size(): number {
    const items = this.#items;
    if (items === undefined) return 0;
    if (items instanceof Map) return items.size;
    return Array.isArray(items) ? items.length : 1;
  }

  get(key: string): V | undefined {
    const items = this.#items;
    if (items === undefined) return undefined;
    if (items instanceof Map) return items.get(key);
    if (!Array.isArray(items)) return this.keyOf(items) === key ? items : undefined;
    for (const item of items) if (this.keyOf(item) === key) return item;
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Adds the item under its key; an item with the same key is replaced in its place (as Map.set does). */
  set(item: V): this {
    const items = this.#items;
    const key = this.keyOf(item);
    if (items === undefined) this.#items = item;
    else if (items instanceof Map) items.set(key, item);
    else if (!Array.isArray(items)) this.#items = this.keyOf(items) === key ? item : [items, item];
    else {
      const at = items.findIndex((x) => this.keyOf(x) === key);
      if (at !== -1) items[at] = item;
      else if (items.length < ARRAY_LIMIT) items.push(item);
      else this.#items = new Map([...items, item].map((x) => [this.keyOf(x), x]));
    }
    return this;
  }

  delete(key: string): boolean {
    const items = this.#items;
    if (items === undefined) return false;
    if (items instanceof Map) return items.delete(key);
    if (!Array.isArray(items)) {
      if (this.keyOf(items) !== key) return false;
      this.#items = undefined;
      return true;
    }
    const at = items.findIndex((x) => this.keyOf(x) === key);
    if (at === -1) return false;
    items.splice(at, 1);
    if (items.length === 1) this.#items = items[0];
    return true;
  }

  clear(): void {
    this.#items = undefined;
  }

  /** The items in insertion order; a snapshot while small, so deleting while iterating is safe as with a Map. */
  values(): Iterable<V> {
    const items = this.#items;
    if (items === undefined) return [];
    if (items instanceof Map) return items.values();
    return Array.isArray(items) ? [...items] : [items];
  }

  keys(): Iterable<string> {
    const items = this.#items;
    return items instanceof Map ? items.keys() : Array.from(this.values(), this.keyOf);
  }
}
