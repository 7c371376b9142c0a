// The key the mock signs JWT access tokens with (RS256, as the vendor's identity server does): one RSA key pair per
// sandbox. In memory it is generated once per process (or read from `--signing-key FILE`); with a shared store every
// replica takes the one kept there, so a token from one replica verifies on all of them.
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";

export const SIGNING_ALG = "RS256";

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as the JWKS lists it (`kty`, `n`, `e`, `kid`, `use`, `alg`). */
  jwk: JWK;
  /** The JWK thumbprint (RFC 7638): the `kid` of every token signed with this key. */
  kid: string;
}

/** Where the key comes from: its PEM, created once by `generate` when the store has none yet. */
export interface SigningKeySource {
  /** The PKCS#8 PEM of the private key; `generate` makes one when none is kept yet (first replica wins). */
  load(generate: () => Promise<string>): Promise<string>;
}

/** A new RSA-2048 private key as PKCS#8 PEM (off the main thread: ~100 ms of CPU). */
export function generatePem(): Promise<string> {
  return new Promise((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }, (err, _publicKey, privateKey) =>
      err ? reject(err) : resolve(privateKey),
    ),
  );
}

/** The signing key from an RSA private key in PEM (PKCS#8 or PKCS#1); throws one line naming `from` otherwise. */
export async function signingKeyFromPem(pem: string, from = "the signing key"): Promise<SigningKey> {
  const privateKey = privateKeyFromPem(pem, from);
  const publicKey = createPublicKey(privateKey);
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  return { privateKey, publicKey, kid, jwk: { ...exported, kid, use: "sig", alg: SIGNING_ALG } };
}

/** The last PEM parsed and its key: the cache file's key is checked when read and parsed again to sign (~3 ms each). */
let lastParsed: { pem: string; key: KeyObject } | undefined;

/** The RSA private key of a PEM text; throws one line naming `from` when it is not one RS256 can use. */
export function privateKeyFromPem(pem: string, from: string): KeyObject {
  if (lastParsed?.pem === pem) return lastParsed.key;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`${from}: not a private key in PEM (${e instanceof Error ? e.message : String(e)})`);
  }
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error(`${from}: an ${privateKey.asymmetricKeyType ?? "unknown"} key; RS256 needs an RSA key`);
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new Error(`${from}: an RSA key of ${bits} bits; RS256 needs at least 2048`);
  lastParsed = { pem, key: privateKey };
  return privateKey;
}

/**
 * A key kept in a file across restarts, as an identity server keeps its own: the first start generates it and writes
 * it (mode 0600, in a directory of mode 0700, renamed into place whole), every later start reads it, so the JWKS a
 * partner cached stays valid and the start-up skips the RSA prime search. A file that is not a usable key is
 * replaced; one that cannot be written leaves the generated key in memory only. Either is reported to `warn`.
 */
export class FileSigningKey implements SigningKeySource {
  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  async load(generate: () => Promise<string>): Promise<string> {
    const kept = await readFile(this.file, "utf8").catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") this.warn(`signing key cache ${this.file}: cannot read it (${e.code ?? e.message}); generating a new key`);
      return undefined;
    });
    if (kept !== undefined) {
      try {
        privateKeyFromPem(kept, `signing key cache ${this.file}`);
        return kept;
      } catch (e) {
        this.warn(`${(e as Error).message}; replacing it with a new key`);
      }
    }
    const pem = await generate();
    const partial = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFile(partial, pem, { mode: 0o600, flag: "wx" });
      await rename(partial, this.file);
    } catch (e) {
      await rm(partial, { force: true }).catch(() => undefined);
      this.warn(`signing key cache ${this.file}: cannot write it (${e instanceof Error ? e.message : String(e)}); the key lasts until this process stops`);
    }
    return pem;
  }
}

let generated: Promise<string> | undefined;
const parsed = new Map<string, Promise<SigningKey>>();

/**
 * The key this process generates, once, for every mock of it that was given none (tests start hundreds): in memory
 * it signs; with a shared store it is what this process offers when the store has no key yet. Sharing it is safe: a
 * token is live only while its own mock's token store holds its `jti`, so another mock's tokens are still refused.
 */
function processPem(): Promise<string> {
  generated ??= generatePem();
  return generated;
}

/** The signing key of a PEM, parsed once per process. */
function keyOf(pem: string): Promise<SigningKey> {
  let key = parsed.get(pem);
  if (!key) parsed.set(pem, (key = signingKeyFromPem(pem)));
  return key;
}

/**
 * Starts loading the key at once (so its generation overlaps the start-up) and answers the same promise on every
 * call. A failure is reported when the key is first needed, not as an unhandled rejection.
 */
export function keyLoader(pem: string | undefined, source: SigningKeySource | undefined): () => Promise<SigningKey> {
  const loading = pem !== undefined ? signingKeyFromPem(pem, "--signing-key") : (source ? source.load(processPem) : processPem()).then(keyOf);
  loading.catch(() => undefined);
  return () => loading;
}
