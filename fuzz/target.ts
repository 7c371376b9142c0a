// The deployment a run talks to: the API under a base URL and the token endpoint (possibly on another host), each
// through its own raw keep-alive client, and the client's credentials.
import { rawClient, type RawClient, type RawRequest, type RawResponse } from "./client.js";

export interface Credentials {
  id: string;
  secret: string;
}

export interface Target {
  baseUrl: string;
  tokenUrl: string;
  /** The path of the base URL, e.g. `/energy-coordination/v1`: every API request starts with it. */
  basePath: string;
  /** The path of the token URL, e.g. `/connect/token`. */
  tokenPath: string;
  api: RawClient;
  token: RawClient;
  /** Sends a request to the API, or to the token endpoint's host for `origin: "token"`. */
  send(req: RawRequest & { origin?: "token" }): Promise<RawResponse>;
  close(): void;
}

/** Opens keep-alive clients to a base URL and a token URL. */
export function openTarget(baseUrl: string, tokenUrl: string, options: { timeoutMs?: number; maxSockets?: number } = {}): Target {
  const base = new URL(baseUrl);
  const tok = new URL(tokenUrl);
  const api = rawClient(base.origin, options);
  const token = tok.origin === base.origin ? api : rawClient(tok.origin, options);
  return {
    baseUrl,
    tokenUrl,
    basePath: base.pathname.replace(/\/+$/, ""),
    tokenPath: tok.pathname + tok.search,
    api,
    token,
    send: (req) => (req.origin === "token" ? token : api).send(req),
    close() {
      api.close();
      if (token !== api) token.close();
    },
  };
}

/** A client-credentials token from the target's token URL. */
export async function requestToken(target: Target, client: Credentials): Promise<string> {
  const res = await target.send({
    origin: "token",
    method: "POST",
    path: target.tokenPath,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }).toString(),
  });
  let token: unknown;
  try {
    token = (JSON.parse(res.text) as { access_token?: unknown }).access_token;
  } catch {
    token = undefined;
  }
  if (res.status !== 200 || typeof token !== "string") throw new Error(`the token request to ${target.tokenUrl} for client ${client.id} answered ${res.status}: ${res.text.slice(0, 200)}`);
  return token;
}
