// What a process keeps per access token for the token's next requests (a partner sends one token many times): the
// JWT's checked claims (http/tokens/jwt.ts), a token's keys in Redis (redis/tokens.ts).

/** Characters of a token's end that key it: 24 of a JWT's random signature, or of an opaque token's random text. */
const TAIL = 24;

/**
 * Values kept per token, looked up by the token's last characters and then compared whole: a Map hashes a string key
 * in full, and each request brings its ~800-character JWT as a new string (~1.5 µs a request). Cleared when full.
 */
export class TokenMemo<V> {
  readonly #kept = new Map<string, { token: string; value: V }>();
  constructor(private readonly max: number) {}

  get(token: string): V | undefined {
    const entry = this.#kept.get(token.slice(-TAIL));
    return entry?.token === token ? entry.value : undefined;
  }

  set(token: string, value: V): void {
    if (this.#kept.size >= this.max) this.#kept.clear();
    this.#kept.set(token.slice(-TAIL), { token, value });
  }
}
