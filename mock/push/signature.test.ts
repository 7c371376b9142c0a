import { createHmac } from "node:crypto";
import { expect, it } from "vitest";
import { signPayload, verifySignature } from "./signature.js";

const body = '{"notificationId":"n1","eventId":"e1","payload":{"price":0.42}}';

it("signs with Base64 of HMAC-SHA256 keyed by the UTF-8 secret", () => {
  const expected = createHmac("sha256", Buffer.from("hemmelig-nøkkel", "utf8")).update(Buffer.from(body, "utf8")).digest("base64");
  expect(signPayload("hemmelig-nøkkel", body)).toBe(expected);
  expect(signPayload("hemmelig-nøkkel", Buffer.from(body, "utf8"))).toBe(expected);
});

it("matches a known HMAC-SHA256 test vector (RFC 4231 case 2)", () => {
  const hex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  expect(signPayload("Jefe", "what do ya want for nothing?")).toBe(Buffer.from(hex, "hex").toString("base64"));
});

it("verifies the signature of the exact bytes", () => {
  const raw = Buffer.from(body, "utf8");
  expect(verifySignature("s3cret", raw, signPayload("s3cret", raw))).toBe(true);
});

it("rejects the signature of re-serialised JSON with other whitespace", () => {
  const sent = Buffer.from(JSON.stringify(JSON.parse(body), null, 2), "utf8");
  expect(verifySignature("s3cret", sent, signPayload("s3cret", body))).toBe(false);
});

it("rejects a wrong secret, a missing header and garbled headers", () => {
  const good = signPayload("s3cret", body);
  expect(verifySignature("other", body, good)).toBe(false);
  expect(verifySignature("s3cret", body, undefined)).toBe(false);
  expect(verifySignature("s3cret", body, null)).toBe(false);
  expect(verifySignature("s3cret", body, "")).toBe(false);
  expect(verifySignature("s3cret", body, ["a", "b"])).toBe(false);
  expect(verifySignature("s3cret", body, "not base64 at all!")).toBe(false);
  expect(verifySignature("s3cret", body, good.slice(0, -4))).toBe(false);
  expect(verifySignature("s3cret", body, Buffer.from("x".repeat(32)).toString("base64"))).toBe(false);
});

it("accepts surrounding whitespace in the header", () => {
  expect(verifySignature("s3cret", body, ` ${signPayload("s3cret", body)} `)).toBe(true);
});
