// The fake identity server (OAuth2 client-credentials token endpoint, RFC 6749 §4.4 and §5.2) and the bearer
// check on every API route (RFC 6750). Tokens are JWTs or opaque strings (tokens/bearer.ts) on the client's clock.
import type { DispatchedHandler } from "./bare.js";
import type { MockContext } from "../context.js";
import { ApiError } from "./errors.js";
import type { Verdict } from "./tokens/bearer.js";
import { issuerOf } from "./tokens/discovery.js";
import { clientAddress } from "./origin.js";

const FORM = "application/x-www-form-urlencoded";
const BASIC_CHALLENGE = 'Basic realm="energy-coordination", charset="UTF-8"';
const REALM = 'realm="energy-coordination"';

function oauth(status: number, error: string, description: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, error, description, undefined, headers);
}

/** How many Authorization header lines a request carries (Node keeps only the first in `req.headers`). */
function authorizationCount(rawHeaders: string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === 13 && rawHeaders[i]!.toLowerCase() === "authorization") n++;
  return n;
}

/** RFC 6749 §2.3.1: the Basic user and password are form-encoded before Base64. */
export function parseBasic(header: string): { id: string; secret: string } {
  const encoded = header.slice(6).trim();
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded) || colon === -1) throw oauth(400, "invalid_request", "the Basic credentials are not Base64 of client_id:client_secret");
  try {
    const form = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
  } catch {
    throw oauth(400, "invalid_request", "the Basic credentials are not form-encoded correctly");
  }
}

/** POST /connect/token (after the raw body parser): answers a token or an RFC 6749 error. */
export function tokenHandler(ctx: MockContext): DispatchedHandler {
  return (req, res) => {
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (contentType !== FORM) throw oauth(400, "invalid_request", `Content-Type must be ${FORM}`);
    const raw: unknown = req.body;
    const form = new URLSearchParams(Buffer.isBuffer(raw) ? raw.toString("utf8") : "");
    for (const name of ["grant_type", "client_id", "client_secret"]) {
      if (form.getAll(name).length > 1) throw oauth(400, "invalid_request", `${name} is given more than once`);
    }
    const authorization = req.headers.authorization;
    const count = authorizationCount(req.rawHeaders);
    if (count > 1) throw oauth(400, "invalid_request", `send one Authorization header, not ${count}`);
    const basic = authorization !== undefined && /^basic /i.test(authorization) ? parseBasic(authorization) : undefined;
    if (basic && (form.has("client_id") || form.has("client_secret"))) {
      throw oauth(400, "invalid_request", "authenticate the client with HTTP Basic or with client_id/client_secret in the body, not both");
    }
    const grantType = form.get("grant_type");
    if (grantType === null || grantType === "") throw oauth(400, "invalid_request", "grant_type is required");
    const id = basic?.id ?? form.get("client_id");
    const secret = basic?.secret ?? form.get("client_secret");
    // Throttled before the secret is checked (token-throttle.ts), so a refused guess teaches nothing.
    const address = clientAddress(req, ctx);
    const refused = ctx.tokenThrottle.check(address, id);
    if (refused) throw oauth(429, "invalid_client", `${refused.reason}; try again in ${refused.retryAfterS} s`, { "Retry-After": String(refused.retryAfterS) });
    if (id === null || secret === null || !ctx.clients.authenticate(id, secret)) {
      if (id !== null) ctx.tokenThrottle.failed(address, id);
      const description = id === null ? "client authentication is missing" : "unknown client or wrong secret";
      throw oauth(401, "invalid_client", description, basic ? { "WWW-Authenticate": BASIC_CHALLENGE } : undefined);
    }
    if (grantType !== "client_credentials") throw oauth(400, "unsupported_grant_type", `grant_type ${grantType} is not supported; use client_credentials`);
    res.locals.clientId = id; // for the request journal
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Pragma", "no-cache");
    // What res.type("application/json").send(…) wrote, without its MIME table lookup (loaded on first use: build.ts).
    const send = (accessToken: string) => {
      const body = JSON.stringify({ access_token: accessToken, token_type: "Bearer", expires_in: ctx.tokenTtlSeconds });
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.setHeader("Content-Length", Buffer.byteLength(body));
      res.end(body);
    };
    const issued = ctx.bearer.issue(id, issuerOf(req));
    if (typeof issued === "string") send(issued);
    else return issued.then(send);
  };
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Lets a request through only with a live bearer token; records the caller's client id in `res.locals`. */
export function bearerAuth(ctx: MockContext): DispatchedHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    // The common case first: one `Bearer <token>` header with a token already checked, spelled exactly so.
    const known = header?.startsWith("Bearer ") && authorizationCount(req.rawHeaders) === 1 ? ctx.bearer.verifyKnown?.(header.slice(7)) : undefined;
    if (known !== undefined) return known instanceof Promise ? known.then(admit) : admit(known);
    if (header === undefined || header === "") {
      throw new ApiError(401, "unauthorized", "no access token; send Authorization: Bearer <token> from POST /connect/token", undefined, {
        "WWW-Authenticate": `Bearer ${REALM}`,
      });
    }
    // Two credentials are ambiguous (a proxy may pick the other one): refuse rather than silently take the first.
    const count = authorizationCount(req.rawHeaders);
    if (count > 1) {
      throw new ApiError(401, "malformed-authorization", `send one Authorization header, not ${count}`, undefined, {
        "WWW-Authenticate": `Bearer ${REALM}, error="invalid_request", error_description="Send one Authorization header"`,
      });
    }
    // RFC 6750 §3: a request in another scheme carries no bearer token at all, so the challenge names no error.
    const scheme = /^\S+/.exec(header)![0];
    if (scheme.toLowerCase() !== "bearer") {
      throw new ApiError(401, "unsupported-scheme", `the Authorization header uses the ${scheme.slice(0, 40)} scheme; send Authorization: Bearer <token> from POST /connect/token`, undefined, {
        "WWW-Authenticate": `Bearer ${REALM}`,
      });
    }
    const m = BEARER.exec(header);
    if (!m) {
      throw new ApiError(401, "malformed-authorization", "the Authorization header must be Bearer <token>", undefined, {
        "WWW-Authenticate": `Bearer ${REALM}, error="invalid_request", error_description="The Authorization header must be Bearer <token>"`,
      });
    }
    const verdict = ctx.bearer.verify(m[1]!);
    // A JWT's signature check, or a shared token store, answers with a promise.
    if (!(verdict instanceof Promise)) return admit(verdict);
    return verdict.then(admit);

    function admit(verdict: Verdict): void {
      if ("refused" in verdict) {
        const { detail, description } = verdict.refused;
        throw new ApiError(401, "invalid-token", `${detail}; get a new one from POST /connect/token`, undefined, {
          "WWW-Authenticate": `Bearer ${REALM}, error="invalid_token", error_description="${description}"`,
        });
      }
      const { clientId } = verdict;
      res.locals.clientId = clientId;
      next();
    }
  };
}
