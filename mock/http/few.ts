// The collections behind a user's locations and resources and a location's resources. Most hold one or two
// items, and a Map costs ~185 bytes even then (at 100,000 users their three Maps per user were half the store);
// a class around the items still costs ~40. So a record keeps its few items in a plain field: none, the item
// itself, an array of up to 8 (a scan of at most 8 is still constant time), or a Map beyond, in insertion order.
const ARRAY_LIMIT = 8;

/** A record's items of one kind: see `FewBy` for reading and changing them. */
export type Few<V> = V | V[] | Map<string, V> | undefined;

/** The operations on `Few` items named by `keyOf` (one instance per kind of item, shared by every record). */
export class FewBy<V extends object> {
  constructor(private readonly keyOf: (item: V) => string) {}

  size(items: Few<V>): number {
    if (items === undefined) return 0;
    if (items instanceof Map) return items.size;
    return Array.isArray(items) ? items.length : 1;
  }

  get(items: Few<V>, key: string): V | undefined {
    if (items === undefined) return undefined;
    if (items instanceof Map) return items.get(key);
    if (!Array.isArray(items)) return this.keyOf(items) === key ? items : undefined;
    for (const item of items) if (this.keyOf(item) === key) return item;
    return undefined;
  }

  has(items: Few<V>, key: string): boolean {
    return this.get(items, key) !== undefined;
  }

  /** The items with `item` added; one with the same key is replaced in its place (as Map.set does). Store the result. */
  with(items: Few<V>, item: V): Few<V> {
    const key = this.keyOf(item);
    if (items === undefined) return item;
    if (items instanceof Map) return items.set(key, item);
    if (!Array.isArray(items)) return this.keyOf(items) === key ? item : [items, item];
    const at = items.findIndex((x) => this.keyOf(x) === key);
    if (at !== -1) items[at] = item;
    else if (items.length < ARRAY_LIMIT) items.push(item);
    else return new Map([...items, item].map((x) => [this.keyOf(x), x]));
    return items;
  }

  /** The items without the one named `key` (if any). Store the result. */
  without(items: Few<V>, key: string): Few<V> {
    if (items === undefined) return undefined;
    if (items instanceof Map) {
      items.delete(key);
      return items;
    }
    if (!Array.isArray(items)) return this.keyOf(items) === key ? undefined : items;
    const at = items.findIndex((x) => this.keyOf(x) === key);
    if (at !== -1) items.splice(at, 1);
    return items.length === 1 ? items[0] : items;
  }

  /** The items in insertion order; a snapshot while small, so changing them while iterating is safe as with a Map. */
  values(items: Few<V>): Iterable<V> {
    if (items === undefined) return [];
    if (items instanceof Map) return items.values();
    return Array.isArray(items) ? [...items] : [items];
  }

  keys(items: Few<V>): Iterable<string> {
    return items instanceof Map ? items.keys() : Array.from(this.values(items), this.keyOf);
  }
}
