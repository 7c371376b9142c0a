// What the token endpoint and the bearer check ask of the mock's tokens, in either format: JWTs (the default, as
// the vendor's identity server issues them; jwt.ts) or the opaque random strings of earlier versions
// (`--token-format opaque`). Both keep every issued token in the token store, which is what revokes them.
import type { Awaitable, TokenState, TokenStatus } from "../../state/state.js";

export const TOKEN_FORMATS = ["jwt", "opaque"] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** Why a token is refused: `detail` for the problem document, `description` for the WWW-Authenticate challenge. */
export interface Refusal {
  detail: string;
  description: string;
}

export type Verdict = { clientId: string } | { refused: Refusal };

export interface BearerTokens {
  readonly format: TokenFormat;
  /** A new access token for the client; `issuer` is the origin the token endpoint was asked on. */
  issue(clientId: string, issuer: string): Awaitable<string>;
  /** The client a token admits, or why it is refused. */
  verify(token: string): Awaitable<Verdict>;
  /**
   * `verify`'s answer for a token checked before, spelled exactly so (a JWT whose signature verified), else undefined:
   * such a token is well-formed, so a request bringing it as `Bearer <token>` can skip the header's syntax checks.
   */
  verifyKnown?(token: string): Awaitable<Verdict> | undefined;
}

/** The one answer for a token the mock never issued, or has forgotten. */
export const UNKNOWN_TOKEN: Refusal = { detail: "the access token is unknown or has expired", description: "The access token is unknown or has expired" };

const iso = (ms: number) => new Date(ms).toISOString();

/** A token past its expiry on its client's clock (which the client may have moved). */
export function expiredByClock(expiresAt: number, now: number): Refusal {
  return { detail: `the access token expired at ${iso(expiresAt)} by this client's clock (now ${iso(now)})`, description: `The access token expired at ${iso(expiresAt)} by this client's clock` };
}

/** A token past its lifetime in real time, while its client's clock (frozen or moved back) has not reached its expiry. */
export function outlived(status: { expiresAt: number; realExpiresAt: number; now: number }): Refusal {
  return {
    detail: `the access token outlived its lifetime in real time at ${iso(status.realExpiresAt)}, though by this client's clock (now ${iso(status.now)}, frozen or moved back) it runs until ${iso(status.expiresAt)}`,
    description: "The access token outlived its lifetime in real time",
  };
}

/** Why the store refuses a token it knows as expired or outlived; undefined for a live or unknown one. */
export function storeRefusal(status: TokenStatus): Refusal | undefined {
  if (status.state === "expired") return expiredByClock(status.expiresAt, status.now);
  if (status.state === "outlived") return outlived(status);
  return undefined;
}

function judge(status: TokenStatus): Verdict {
  if (status.state === "live") return { clientId: status.clientId };
  return { refused: storeRefusal(status) ?? UNKNOWN_TOKEN };
}

/** `--token-format opaque`: the token store's random strings, as handed out before JWTs. */
export class OpaqueTokens implements BearerTokens {
  readonly format = "opaque";
  constructor(private readonly tokens: TokenState) {}

  issue(clientId: string): Awaitable<string> {
    return this.tokens.issue(clientId);
  }

  verify(token: string): Awaitable<Verdict> {
    const status = this.tokens.status(token);
    return status instanceof Promise ? status.then(judge) : judge(status);
  }
}
