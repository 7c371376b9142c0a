// What one partner may keep in a shared sandbox, and the refusals when it reaches a quota. Size limits on single
// values (ids, names, batches) are in the spec (maxLength, maxItems) and enforced by validation; these are the
// totals per partner, which the spec cannot state. A partner at a quota gets a 409 naming it (what it keeps must
// shrink first); one whose webhook notifications pile up gets a 429 with Retry-After (they drain by themselves).
// Defaults are what a real sandbox would pick: far above what a partner's integration test needs, far below what
// exhausts one host's memory when many partners share it (docs/sandbox-safety.md gives the reasons).
import { ApiError } from "../http/errors.js";

export interface Quotas {
  /** Webhooks per partner. Default 25 (the vendor's API does not page GET /webhooks; this bounds it). */
  webhooks: number;
  /** Reports per partner. Default 10,000. */
  reports: number;
  /** Bytes of reports per partner (their JSON). Default 4 MiB (compensation reads them all on every request). */
  reportBytes: number;
  /** Users per partner. Default 10,000. */
  users: number;
  /** Locations per partner, over all its users. Default 50,000 (five per user at the user quota). */
  locations: number;
  /** Resources (vehicles and location-bound) per partner. Default 50,000 (five per user at the user quota). */
  resources: number;
  /** Live access tokens per partner; issuing one more revokes the oldest. Default 1,000. */
  tokens: number;
  /** Webhook notifications of one partner pending (queued or waiting for a retry). Default 1000. */
  pendingDeliveries: number;
}

export const DEFAULT_QUOTAS: Quotas = { webhooks: 25, reports: 10_000, reportBytes: 4 * 1024 * 1024, users: 10_000, locations: 50_000, resources: 50_000, tokens: 1000, pendingDeliveries: 1000 };

export const QUOTA_NAMES = Object.keys(DEFAULT_QUOTAS) as (keyof Quotas)[];

/** The quotas with the options' values over the defaults; throws naming a value that is not a whole number >= 1. */
export function quotasOf(given: Partial<Quotas> = {}): Quotas {
  const quotas = { ...DEFAULT_QUOTAS, ...given };
  for (const [name, n] of Object.entries(quotas)) if (!Number.isSafeInteger(n) || n < 1) throw new Error(`quotas.${name} must be a whole number >= 1, got ${n}`);
  return quotas;
}

/** 409 quota-reached: the partner keeps as many of something as it may. */
export function quotaReached(quota: keyof Quotas, limit: number, what: string, remedy = "delete some first"): ApiError {
  return new ApiError(409, "quota-reached", `${what}: this client has reached its quota of ${limit} ${QUOTA_UNITS[quota]} (${quota}); ${remedy}`);
}

const QUOTA_UNITS: Record<keyof Quotas, string> = { webhooks: "webhooks", reports: "reports", reportBytes: "bytes of reports", users: "users", locations: "locations", resources: "resources", tokens: "live tokens", pendingDeliveries: "pending notifications" };

/** Refuses `adding` more locations or resources beyond the client's quota (checked before the write, as for users). */
export function checkDataQuota(quota: "locations" | "resources", limit: number, kept: number, adding: number): void {
  if (kept + adding > limit) throw quotaReached(quota, limit, `no ${quota === "locations" ? "location" : "resource"} registered (the client has ${kept} and this adds ${adding})`);
}

/** How long a partner refused for pending notifications is told to wait (a retry's first back-off is 1 s). */
const RETRY_AFTER_S = 5;

/** 429 deliveries-pending: publishing now would pass the partner's (or the mock's) limit of pending notifications. */
export function deliveriesRefused(reason: string): ApiError {
  return new ApiError(429, "deliveries-pending", `no event created: ${reason}`, undefined, { "Retry-After": String(RETRY_AFTER_S) });
}
