// The webhook signature: X-Payload-Signature = Base64(HMAC-SHA256(UTF-8 secret, exact raw body bytes)).
// One signer and one verifier, shared by the mock's deliverer, its tests and the partner's receiver script.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Payload-Signature";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Signs the exact bytes that are (or were) sent; never re-serialise JSON before signing. */
export function signPayload(secret: string, rawBody: Buffer | string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(rawBody).digest("base64");
}

/** True when `header` is the signature of `rawBody` under `secret`; false when missing, garbled or wrong. */
export function verifySignature(secret: string, rawBody: Buffer | string, header: string | string[] | null | undefined): boolean {
  if (typeof header !== "string") return false;
  const given = header.trim();
  if (given.length === 0 || given.length % 4 !== 0 || !BASE64.test(given)) return false;
  const expected = createHmac("sha256", Buffer.from(secret, "utf8")).update(rawBody).digest();
  const actual = Buffer.from(given, "base64");
  // Lengths differ only for garbage, so comparing them first leaks nothing about the secret.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
