// Access tokens by the OAuth2 client-credentials grant: fetched on first use, cached, refreshed a minute before
// they expire, and dropped when the API calls one invalid (the caller then asks again, once).
import type { TokenError, TokenResponse } from "../spec/types.js";
import { bodyStart, ClientError } from "./errors.js";

export type Fetch = (input: Request) => Promise<Response>;

export interface TokenOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: Fetch;
  /** The clock, in ms since the epoch (tests move it). Default Date.now. */
  now?: () => number;
}

/** How long before its expiry a token is replaced, so that it never expires in flight. */
export const REFRESH_MARGIN_MS = 60_000;

export interface TokenSource {
  /** A token valid for at least another minute; rejects with a ClientError. */
  get(): Promise<string>;
  /** Forgets `token` (the API answered `invalid_token`), so that the next `get()` fetches a new one. */
  invalidate(token: string): void;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function isToken(x: unknown): x is TokenResponse {
  return isObject(x) && typeof x.access_token === "string" && x.access_token !== "" && typeof x.expires_in === "number";
}

function oauthError(x: unknown): string {
  if (!isObject(x) || typeof x.error !== "string") return "";
  const e = x as TokenError;
  return ` ${e.error}${e.error_description ? ` (${e.error_description})` : ""}`;
}

export function createTokenSource(options: TokenOptions): TokenSource {
  const send = options.fetch ?? ((input: Request) => fetch(input));
  const now = options.now ?? Date.now;
  // Never the secret: messages name the client id and the token URL only.
  const who = `client "${options.clientId}" at ${options.tokenUrl}`;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: options.clientId, client_secret: options.clientSecret });
    const started = now();
    let res: Response;
    try {
      res = await send(new Request(options.tokenUrl, { method: "POST", body, headers: { Accept: "application/json" } }));
    } catch (e) {
      throw new ClientError("network", `token request for ${who} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const details = { status: res.status, body: bodyStart(text) };
    if (res.status === 401 || (res.status === 400 && isObject(parsed) && parsed.error === "invalid_client")) {
      throw new ClientError("token-rejected", `the token endpoint refused ${who}: ${res.status}${oauthError(parsed)}`, details);
    }
    if (!res.ok || !isToken(parsed)) {
      const what = parsed === undefined ? `not JSON: ${bodyStart(text)}` : res.ok ? "no access_token and expires_in" : oauthError(parsed).trim() || bodyStart(text);
      throw new ClientError("token-failed", `the token endpoint answered ${who} with ${res.status}, ${what}`, details);
    }
    cached = { token: parsed.access_token, refreshAt: started + parsed.expires_in * 1000 - REFRESH_MARGIN_MS };
    return parsed.access_token;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      // Concurrent callers share one token request.
      pending ??= request().finally(() => (pending = undefined));
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
