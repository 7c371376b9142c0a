// Where the simulations' randomness comes from: Math.random, or, with a seed (`--random-seed`, `startMock({
// randomSeed })`, or a client's own through PUT /_mock/clock), a generator derived from the seed, the client, the
// simulation and the client's clock, so the same seed at the same clock generates the same values, on any replica.
import { createHash } from "node:crypto";
import type { Random } from "./catalogue.js";

/** sfc32: a small, fast generator with a 128-bit state; enough for test data, not for secrets. */
function sfc32(a: number, b: number, c: number, d: number): Random {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** The generator of one simulation call: `parts` name it (the client, the simulation, the clock's instant). */
export function seededRandom(seed: number, ...parts: (string | number)[]): Random {
  const h = createHash("sha256").update(JSON.stringify([seed, ...parts])).digest();
  const random = sfc32(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12));
  for (let i = 0; i < 12; i++) random(); // sfc32's first outputs still show its seed
  return random;
}

/** A version 4 UUID drawn from `random` (the partner simulation's ids, pinned by a seed). */
export function uuidFrom(random: Random): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random seed must be a safe integer: the message names `field` and the value otherwise. */
export function seedProblem(value: unknown, field: string): string | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) ? undefined : `${field} must be a whole number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(value) ?? String(value)}`;
}
