// JWT access tokens as the vendor's identity server issues them: RS256, with `iss`, `client_id`, `scope`, `iat`,
// `nbf`, `exp` (on the client's own clock, see clock.ts) and `jti`. The `jti` is a token of the token store, so a
// JWT is live only while the store still holds it: removing a client revokes its JWTs as it did the opaque tokens,
// and the store (memory or Redis) is what replicas share.
import { sign, type KeyObject } from "node:crypto";
import { compactVerify, errors } from "jose";
import type { Awaitable, TokenState, TokenStatus } from "../../state/state.js";
import { TokenMemo } from "../../state/token-memo.js";
import { expiredByClock, storeRefusal, UNKNOWN_TOKEN, type BearerTokens, type Refusal, type Verdict } from "./bearer.js";
import { SIGNING_ALG, type SigningKey } from "./keys.js";

/** The scope every token carries (the vendor's tokens name the API; clients never ask for one). */
export const TOKEN_SCOPE = "energy-coordination";
export const JWKS_PATH = "/.well-known/openid-configuration/jwks";

/** The claims the mock puts in (and requires of) a token. */
export interface AccessTokenClaims {
  iss: string;
  client_id: string;
  scope: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

interface JwtOptions {
  /** Where issued tokens are kept (and revoked). */
  store: TokenState;
  key: () => Promise<SigningKey>;
  ttlSeconds: number;
  /** A client's clock, ms since the epoch. */
  now: (clientId: string) => number;
  /** Loads a client's clock when it is kept elsewhere (a shared store). */
  refresh: (clientId: string) => Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString("base64url");

/**
 * An RS256 JWS in compact form, signed on libuv's thread pool: node:crypto's `sign` with a callback runs there, where
 * WebCrypto's (jose's SignJWT) runs on the main thread in Node 20, ~0.3-0.5 ms of it per token. PKCS#1 v1.5 is
 * deterministic, so the token is the one jose would sign, byte for byte (jwt.test.ts).
 */
function signCompact(encodedHeader: string, claims: AccessTokenClaims, key: KeyObject): Promise<string> {
  const input = `${encodedHeader}.${base64url(claims)}`;
  return new Promise((resolve, reject) => sign("sha256", Buffer.from(input), key, (err, signature) => (err ? reject(err) : resolve(`${input}.${signature.toString("base64url")}`))));
}

const refuse = (detail: string, description: string): { refused: Refusal } => ({ refused: { detail, description } });
/** A well-signed token the store no longer holds. */
const REVOKED: Refusal = {
  detail: "the access token is no longer live (its client was removed, or it was the client's oldest past its quota of live tokens)",
  description: "The access token was revoked",
};
const BAD_SIGNATURE: Refusal = {
  detail: `the access token's signature does not verify with this mock's signing key (${JWKS_PATH})`,
  description: "The access token's signature does not verify",
};

const NOT_CANONICAL: Refusal = { detail: "the access token is not a JWT as this mock issued it (a part is not canonical Base64url)", description: "The access token is not a well-formed JWT" };

function claimsOf(payload: Uint8Array): AccessTokenClaims | string {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return "its payload is not JSON";
  }
  if (typeof claims !== "object" || claims === null) return "its payload is not a JSON object";
  const c = claims as Record<string, unknown>;
  for (const name of ["iss", "client_id", "scope", "jti"]) if (typeof c[name] !== "string") return `it has no ${name} claim`;
  for (const name of ["iat", "nbf", "exp"]) if (typeof c[name] !== "number") return `it has no ${name} claim`;
  return c as unknown as AccessTokenClaims;
}

/** Tokens whose signature was verified, kept to skip the RSA check on their next requests (cleared when full). */
const VERIFIED_KEPT = 1024;

export class JwtTokens implements BearerTokens {
  readonly format = "jwt";
  /** Signature-checked tokens and their claims; expiry and revocation are still judged per request. */
  readonly #verified = new TokenMemo<AccessTokenClaims>(VERIFIED_KEPT);
  /** The protected header, encoded once per key. */
  #encodedHeader: { kid: string; encoded: string } | undefined;
  constructor(private readonly options: JwtOptions) {}

  async issue(clientId: string, issuer: string): Promise<string> {
    const { store, key, ttlSeconds, now } = this.options;
    const signing = await key();
    const jti = await store.issue(clientId);
    const iat = Math.floor(now(clientId) / 1000);
    // The claims in the order jose's SignJWT wrote them: the private ones, then iss, iat, nbf, exp.
    const claims: AccessTokenClaims = { client_id: clientId, scope: TOKEN_SCOPE, jti, iss: issuer, iat, nbf: iat, exp: iat + ttlSeconds };
    const token = await signCompact(this.#header(signing.kid), claims, signing.privateKey);
    // Signed here, so its signature holds: its first request skips the RSA check (expiry and revocation still apply).
    this.#verified.set(token, claims);
    return token;
  }

  #header(kid: string): string {
    if (this.#encodedHeader?.kid !== kid) this.#encodedHeader = { kid, encoded: base64url({ alg: SIGNING_ALG, typ: "at+jwt", kid }) };
    return this.#encodedHeader.encoded;
  }


  /** The verdict on a token verified before, spelled exactly so: a Map lookup and the store's word. */
  verifyKnown(token: string): Awaitable<Verdict> | undefined {
    const claims = this.#verified.get(token);
    return claims ? this.#judge(claims) : undefined;
  }

  /** A token seen before costs what verifyKnown does (no promise when the store answers at once). */
  verify(token: string): Awaitable<Verdict> {
    const known = this.verifyKnown(token);
    if (known !== undefined) return known;
    return this.#check(token).then((claims) => {
      if ("refused" in claims) return claims;
      this.#verified.set(token, claims);
      return this.#judge(claims);
    });
  }

  /** The claims of a token whose signature and shape are this mock's, or why not. */
  async #check(token: string): Promise<AccessTokenClaims | { refused: Refusal }> {
    const { key } = this.options;
    // Not three Base64url parts: no JWT at all (a made-up or an opaque token), answered as before JWTs.
    if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return { refused: UNKNOWN_TOKEN };
    // Base64url leaves spare bits in a part's last character: another character there decodes to the same bytes.
    // The issued token is the one spelling that verifies, as a byte-for-byte comparison would have it.
    if (!token.split(".").every((part) => Buffer.from(part, "base64url").toString("base64url") === part)) return { refused: NOT_CANONICAL };
    const signing = await key();
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, signing.publicKey, { algorithms: [SIGNING_ALG] }));
    } catch (e) {
      if (e instanceof errors.JOSEAlgNotAllowed) return refuse(`the access token is not signed with ${SIGNING_ALG} (${e.message}); this mock signs and accepts ${SIGNING_ALG} only`, `The access token must be signed with ${SIGNING_ALG}`);
      if (e instanceof errors.JWSSignatureVerificationFailed) return { refused: BAD_SIGNATURE };
      return refuse(`the access token is not a well-formed JWT (${e instanceof Error ? e.message : String(e)})`, "The access token is not a well-formed JWT");
    }
    const claims = claimsOf(payload);
    if (typeof claims === "string") return { refused: { detail: `the access token is signed by this mock but ${claims}`, description: "The access token lacks a claim" } };
    return claims;
  }

  /** Whether the client's clock and the token store still admit a well-signed token. */
  #judge(claims: AccessTokenClaims): Awaitable<Verdict> {
    const status = this.options.store.status(claims.jti);
    if (status instanceof Promise) return status.then((st) => this.#judgeStatus(claims, st));
    return this.#judgeStatus(claims, status);
  }

  #judgeStatus(claims: AccessTokenClaims, status: TokenStatus): Awaitable<Verdict> {
    // The store judged the expiry on the client's clock; without its answer, load that clock to say why.
    if (status.state === "unknown") return this.options.refresh(claims.client_id).then(() => this.#judgeByClock(claims, status));
    return this.#judgeByClock(claims, status);
  }

  #judgeByClock(claims: AccessTokenClaims, status: TokenStatus): Verdict {
    const clientId = claims.client_id;
    const at = this.options.now(clientId);
    if (at >= claims.exp * 1000) return { refused: expiredByClock(claims.exp * 1000, at) };
    if (at < claims.nbf * 1000) {
      return refuse(
        `the access token is not valid before ${iso(claims.nbf * 1000)} by this client's clock (now ${iso(at)}): the clock was moved back after it was issued`,
        `The access token is not valid before ${iso(claims.nbf * 1000)} by this client's clock`,
      );
    }
    if (status.state === "live" && status.clientId === clientId) return { clientId };
    const known = status.state === "unknown" || status.clientId !== clientId ? undefined : storeRefusal(status);
    return { refused: known ?? REVOKED };
  }
}
