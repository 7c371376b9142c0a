// Who may use the mock: the configured clients, their secrets (kept as SHA-256 digests for constant-time checks) and
// the access tokens issued to them. The token endpoint and the bearer check in auth.ts are its HTTP face.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { TokenState, TokenStatus } from "./state.js";
import { DEFAULT_QUOTAS } from "../domain/quotas.js";

export interface ClientCredentials {
  id: string;
  secret: string;
}

export const DEMO_CLIENT: ClientCredentials = { id: "partner-demo", secret: "partner-demo-secret" };

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
const UNKNOWN: TokenStatus = { state: "unknown" };

/** Compared against when the client id is unknown, so timing does not tell which client ids exist. */
const NO_SUCH_CLIENT = digest("\u0000no such client\u0000");

/**
 * 32 random bytes as Base64url, each token its own bytes of a pool drawn 2 KiB at a time (as randomUUID() does): one
 * randomBytes() call per token cost ~30 µs of a token request's main thread under load, a slice of the pool ~nothing.
 */
let pool = Buffer.alloc(0);
let used = 0;
export function randomToken(): string {
  if (used + 32 > pool.length) {
    pool = randomBytes(2048);
    used = 0;
  }
  return pool.toString("base64url", used, (used += 32));
}

interface TokenEntry {
  clientId: string;
  /** On the client's clock. */
  expiresAt: number;
  /** In real time: a client that freezes its clock or moves it back does not keep a token alive past its lifetime. */
  realExpiresAt: number;
}

/**
 * Issued tokens, each live until its lifetime has passed on the client's clock or in real time, whichever comes
 * first. Expired ones are swept when the map has doubled since the last sweep. A client keeps at
 * most `maxPerClient` live tokens: issuing one more revokes its oldest.
 */
export class TokenStore implements TokenState {
  readonly #tokens = new Map<string, TokenEntry>();
  /** Each client's tokens, oldest first. */
  readonly #byClient = new Map<string, Set<string>>();
  #sweepAt = 1024;

  constructor(
    private readonly ttlMs: number,
    /** A client's clock (each client may move its own; see clock.ts). */
    private readonly now: (clientId: string) => number,
    /** Real time in ms (the Redis store's tokens expire on Redis's clock). Default Date.now. */
    private readonly realNow: () => number = Date.now,
    /** Live tokens per client (the `tokens` quota). */
    private readonly maxPerClient: number = DEFAULT_QUOTAS.tokens,
  ) {}

  get size(): number {
    return this.#tokens.size;
  }

  issue(clientId: string): string {
    const token = randomToken();
    this.#tokens.set(token, { clientId, expiresAt: this.now(clientId) + this.ttlMs, realExpiresAt: this.realNow() + this.ttlMs });
    const own = this.#byClient.get(clientId) ?? new Set<string>();
    this.#byClient.set(clientId, own.add(token));
    for (const oldest of own) {
      if (own.size <= this.maxPerClient) break;
      this.#delete(oldest);
    }
    if (this.#tokens.size >= this.#sweepAt) this.#sweep();
    return token;
  }

  /**
   * Whether a token is live, or why not. A token found expired is kept until the next sweep (not deleted when met),
   * so that using it again still says why it was refused.
   */
  status(token: string): TokenStatus {
    const entry = this.#tokens.get(token);
    if (!entry) return UNKNOWN;
    const { clientId, expiresAt, realExpiresAt } = entry;
    const now = this.now(clientId);
    if (now >= expiresAt) return { state: "expired", clientId, expiresAt, now };
    if (this.realNow() >= realExpiresAt) return { state: "outlived", clientId, expiresAt, realExpiresAt, now };
    return { state: "live", clientId };
  }

  /** The client a live token belongs to, or undefined for an unknown or expired token. */
  clientOf(token: string): string | undefined {
    const s = this.status(token);
    return s.state === "live" ? s.clientId : undefined;
  }

  /** Forgets every token of a client (when the client is removed). */
  revokeClient(clientId: string): void {
    for (const token of this.#byClient.get(clientId) ?? []) this.#tokens.delete(token);
    this.#byClient.delete(clientId);
  }

  #delete(token: string): void {
    const entry = this.#tokens.get(token);
    if (!entry) return;
    this.#tokens.delete(token);
    const own = this.#byClient.get(entry.clientId);
    own?.delete(token);
    if (own?.size === 0) this.#byClient.delete(entry.clientId);
  }

  #expired(entry: TokenEntry): boolean {
    return this.now(entry.clientId) >= entry.expiresAt || this.realNow() >= entry.realExpiresAt;
  }

  #sweep(): void {
    for (const [token, entry] of this.#tokens) if (this.#expired(entry)) this.#delete(token);
    this.#sweepAt = Math.max(1024, this.#tokens.size * 2);
  }
}

/** The clients of one mock and their tokens. */
export class Clients {
  /** The clients that may get tokens, in the order they were configured (the first is the default one). */
  readonly list: ClientCredentials[];
  readonly tokens: TokenState;
  readonly #digests: Map<string, Buffer>;

  /** `tokens`: where issued tokens are kept (default: this process's memory, at most `maxTokensPerClient` live per client). */
  constructor(clients: readonly ClientCredentials[], tokenTtlMs: number, now: (clientId: string) => number, tokens?: TokenState, maxTokensPerClient?: number) {
    this.list = clients.length > 0 ? [...clients] : [DEMO_CLIENT];
    this.#digests = new Map(this.list.map((c) => [c.id, digest(c.secret)]));
    this.tokens = tokens ?? new TokenStore(tokenTtlMs, now, Date.now, maxTokensPerClient);
  }

  /** True for a configured client with this secret; takes the same time whether or not the id exists. */
  authenticate(id: string, secret: string): boolean {
    const expected = this.#digests.get(id);
    const match = timingSafeEqual(digest(secret), expected ?? NO_SUCH_CLIENT);
    return expected !== undefined && match;
  }

  /** Removes a client at run time: its tokens stop working and it gets no new ones (its data stays). False if unknown. */
  remove(id: string): boolean {
    const at = this.list.findIndex((c) => c.id === id);
    if (at === -1) return false;
    this.list.splice(at, 1);
    this.#digests.delete(id);
    void this.tokens.revokeClient(id);
    return true;
  }
}
