// Where the mock is, as its pages and banner print it, and who is calling, as the token throttle counts it. A
// shared mock behind a proxy is told its public origin (`--public-origin`), or trusts the proxy's
// X-Forwarded-Proto/-Host/-For (`--trust-proxy`); otherwise a request's Host header is reflected only while the mock
// listens on loopback (a partner's own machine), and pages elsewhere use URLs relative to themselves.
import type { IncomingMessage } from "node:http";
import type { Request } from "express";

/** What origin and address decisions read from the mock's context. */
export interface OriginSettings {
  publicOrigin: string | undefined;
  trustProxy: boolean;
  /** Whether the mock listens on loopback only. */
  loopback: boolean;
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `--public-origin`: an absolute http(s) URL, reduced to its origin; throws naming what is wrong. */
export function parsePublicOrigin(value: string, from = "publicOrigin"): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${from} must be an absolute http or https URL such as https://sandbox.example.com, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`${from} must be an http or https URL, got "${value}"`);
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    throw new Error(`${from} must be an origin only (scheme, host and port), got "${value}"`);
  }
  return url.origin;
}

/** The first value of a header that may repeat or hold a comma-separated list. */
function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(",")[0]?.trim() || undefined;
}

/** The origin the pages put in their URLs ("" for URLs relative to the page). */
export function originOf(req: Request, ctx: OriginSettings): string {
  if (ctx.publicOrigin !== undefined) return ctx.publicOrigin;
  if (ctx.trustProxy) {
    const proto = first(req.headers["x-forwarded-proto"])?.toLowerCase();
    const host = first(req.headers["x-forwarded-host"]) ?? req.headers.host;
    const scheme = proto === "https" || proto === "http" ? proto : req.protocol;
    if (host !== undefined && HOST.test(host)) return `${scheme}://${host}`;
    return "";
  }
  const host = req.headers.host;
  return ctx.loopback && host !== undefined && HOST.test(host) ? `${req.protocol}://${host}` : "";
}

/** The caller's address: the socket's, or behind a trusted proxy the last hop it names in X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, ctx: OriginSettings): string {
  if (ctx.trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const hops = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").map((h) => h.trim()).filter(Boolean);
    const last = hops.at(-1);
    if (last !== undefined) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}
