// OpenID Connect discovery (`/.well-known/openid-configuration`) and the JWKS it points to, as the vendor's identity
// server publishes them: partners' OAuth libraries (.NET's IdentityModel, Python's authlib) find the token endpoint
// and the key that verifies the tokens here.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { Router } from "express";
import type { MockContext } from "../../context.js";
import { TOKEN_PATH } from "../errors.js";
import { SIGNING_ALG } from "./keys.js";
import { JWKS_PATH, TOKEN_SCOPE } from "./jwt.js";

export const DISCOVERY_PATH = "/.well-known/openid-configuration";

/**
 * The issuer the token endpoint names in `iss` and discovery names as `issuer`: the origin a request was made to (its
 * scheme from the socket and its Host header, as Express's `req.protocol` and `req.get("host")` read them in an app
 * that trusts no proxy).
 */
export const issuerOf = (req: IncomingMessage) => `${(req.socket as Partial<TLSSocket>).encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`;

/** The discovery document for an issuer (the claims and methods the token endpoint really supports). */
export function discoveryDocument(issuer: string) {
  return {
    issuer,
    jwks_uri: issuer + JWKS_PATH,
    token_endpoint: issuer + TOKEN_PATH,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: [TOKEN_SCOPE],
    claims_supported: ["iss", "client_id", "scope", "iat", "nbf", "exp", "jti"],
    response_types_supported: ["token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [SIGNING_ALG],
  };
}

/**
 * GET discovery and the JWKS (both public: they carry no secret). `no-cache`: an in-memory mock gets a new key at
 * each start, and partners' libraries should not keep the old one.
 */
export function discoveryRouter(ctx: MockContext): Router {
  const router = Router({ caseSensitive: false, strict: false });
  router.get(DISCOVERY_PATH, (req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.json(discoveryDocument(issuerOf(req)));
  });
  router.get(JWKS_PATH, async (_req, res) => {
    const { jwk } = await ctx.signingKey();
    res.setHeader("Cache-Control", "no-cache");
    res.json({ keys: [jwk] });
  });
  return router;
}
