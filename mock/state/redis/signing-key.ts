// The JWT signing key in Redis (`{prefix}signing-key`, the private key as PKCS#8 PEM, no expiry): the first replica
// to start stores the key it generated (SET NX) and every other one, now or after a restart, signs with that one.
import type { Redis } from "ioredis";
import type { SigningKeySource } from "../../http/tokens/keys.js";
import { callStore } from "./data-store.js";

export class RedisSigningKey implements SigningKeySource {
  constructor(private readonly options: { redis: Redis; display: string; prefix: string }) {}

  async load(generate: () => Promise<string>): Promise<string> {
    const { redis, display, prefix } = this.options;
    const key = `${prefix}signing-key`;
    const kept = await callStore(display, () => redis.get(key));
    if (kept !== null) return kept;
    await callStore(display, async () => redis.set(key, await generate(), "NX"));
    // Another replica may have stored its own first: everyone takes the one kept.
    const winner = await callStore(display, () => redis.get(key));
    if (winner === null) throw new Error(`store ${display}: the signing key ${key} vanished right after it was stored`);
    return winner;
  }
}
