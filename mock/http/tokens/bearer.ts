// What the token endpoint and the bearer check ask of the mock's tokens, in either format: JWTs (the default, as
// the vendor's identity server issues them; jwt.ts) or the opaque random strings of earlier versions
// (`--token-format opaque`). Both keep every issued token in the token store, which is what revokes them.
import type { Awaitable, TokenState } from "../../state/state.js";

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
}

/** The one answer for a token the mock never issued, or has forgotten. */
export const UNKNOWN_TOKEN: Refusal = { detail: "the access token is unknown or has expired", description: "The access token is unknown or has expired" };

const admitOrRefuse = (clientId: string | undefined): Verdict => (clientId === undefined ? { refused: UNKNOWN_TOKEN } : { clientId });

/** `--token-format opaque`: the token store's random strings, as handed out before JWTs. */
export class OpaqueTokens implements BearerTokens {
  readonly format = "opaque";
  constructor(private readonly tokens: TokenState) {}

  issue(clientId: string): Awaitable<string> {
    return this.tokens.issue(clientId);
  }

  verify(token: string): Awaitable<Verdict> {
    const found = this.tokens.clientOf(token);
    return typeof found === "string" || found === undefined ? admitOrRefuse(found) : found.then(admitOrRefuse);
  }
}
