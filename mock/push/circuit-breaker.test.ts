import { expect, it } from "vitest";
import { CircuitBreakers } from "./circuit-breaker.js";

it("opens after threshold timeouts in a row, probes once after the cool-down, and doubles it when the probe times out", () => {
  let now = 0;
  const b = new CircuitBreakers({ threshold: 2, cooldownMs: 1000, maxCooldownMs: 3000, clock: () => now });
  const key = b.key("p1", "w1", "http://receiver.example/");
  b.record(key, "timeout");
  expect([b.allow(key), b.isOpen(key)]).toEqual([true, false]);
  b.record(key, "timeout");
  expect([b.allow(key), b.isOpen(key)]).toEqual([false, true]);
  now = 1000;
  expect([b.allow(key), b.allow(key)]).toEqual([true, false]);
  b.record(key, "timeout");
  now = 2999;
  expect(b.allow(key)).toBe(false);
  now = 3000;
  expect(b.allow(key)).toBe(true);
  b.record(key, "timeout");
  // Capped at maxCooldownMs.
  now = 5999;
  expect(b.allow(key)).toBe(false);
  now = 6000;
  expect(b.allow(key)).toBe(true);
  b.record(key, "failed");
  expect([b.allow(key), b.allow(key), b.isOpen(key)]).toEqual([true, true, false]);
});

it("keeps breakers apart per partner, webhook and URL, and forgets a partner's", () => {
  const b = new CircuitBreakers({ threshold: 1, clock: () => 0 });
  const a = b.key("p1", "w1", "http://a.example/");
  b.record(a, "timeout");
  expect([b.allow(a), b.allow(b.key("p1", "w1", "http://b.example/")), b.allow(b.key("p2", "w1", "http://a.example/"))]).toEqual([false, true, true]);
  b.forget("p1");
  expect(b.allow(a)).toBe(true);
});
