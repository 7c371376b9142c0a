// The signing key cache: a generated key kept in a file across restarts, so the JWKS stays the same and a start-up
// reads a key instead of searching for primes.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { parseCli } from "../cli.js";
import { startBuiltMock } from "../state/redis/built-mock.fixture.js";
import { ensureBuilt } from "../test-support.js";
import { FileSigningKey, generatePem } from "./tokens/keys.js";

const rsaPem = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const tempDir = () => mkdtempSync(join(tmpdir(), "key-cache-"));

it("generates the key once, writes it with mode 0600 in a directory of mode 0700, and reads it back after", async () => {
  const file = join(tempDir(), "nested", "signing-key.pem");
  const pem = rsaPem();
  let generated = 0;
  const generate = async () => (generated++, pem);
  const warnings: string[] = [];
  expect(await new FileSigningKey(file, (m) => warnings.push(m)).load(generate)).toBe(pem);
  expect(readFileSync(file, "utf8")).toBe(pem);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
  expect(await new FileSigningKey(file, (m) => warnings.push(m)).load(generate)).toBe(pem);
  expect(generated).toBe(1);
  expect(warnings).toEqual([]);
});

it("replaces a cached file that is not an RSA key, and says so", async () => {
  const file = join(tempDir(), "signing-key.pem");
  writeFileSync(file, "not a key");
  const pem = rsaPem();
  const warnings: string[] = [];
  expect(await new FileSigningKey(file, (m) => warnings.push(m)).load(async () => pem)).toBe(pem);
  expect(readFileSync(file, "utf8")).toBe(pem);
  expect(warnings).toEqual([expect.stringMatching(new RegExp(`^signing key cache ${file}: not a private key in PEM \\(.*\\); replacing it with a new key$`))]);
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  writeFileSync(file, ec);
  warnings.length = 0;
  expect(await new FileSigningKey(file, (m) => warnings.push(m)).load(async () => pem)).toBe(pem);
  expect(warnings).toEqual([`signing key cache ${file}: an ec key; RS256 needs an RSA key; replacing it with a new key`]);
});

it("keeps the key in memory when the cache cannot be written, and says why", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "a-file"), "");
  const file = join(dir, "a-file", "signing-key.pem");
  const pem = rsaPem();
  const warnings: string[] = [];
  expect(await new FileSigningKey(file, (m) => warnings.push(m)).load(async () => pem)).toBe(pem);
  expect(warnings).toEqual([`signing key cache ${file}: cannot read it (ENOTDIR); generating a new key`, `signing key cache ${file}: cannot write it (EEXIST: file already exists, mkdir '${join(dir, "a-file")}'); the key lasts until this process stops`]);
});

it("reads --signing-key-cache: a file, off, and by default the user's cache directory", () => {
  const base = "/var/cache";
  expect(parseCli([], { HOME: "/home/p" })?.options.signingKeyCache).toBe("/home/p/.cache/energy-coordination/signing-key.pem");
  expect(parseCli([], { HOME: "/home/p", XDG_CACHE_HOME: base })?.options.signingKeyCache).toBe("/var/cache/energy-coordination/signing-key.pem");
  // A relative XDG directory is ignored, as the XDG specification says.
  expect(parseCli([], { HOME: "/home/p", XDG_CACHE_HOME: "cache" })?.options.signingKeyCache).toBe("/home/p/.cache/energy-coordination/signing-key.pem");
  expect(parseCli([], {})?.options.signingKeyCache).toBeUndefined();
  expect(parseCli(["--signing-key-cache", "off"], { HOME: "/home/p" })?.options.signingKeyCache).toBeUndefined();
  expect(parseCli([], { HOME: "/home/p", MOCK_SIGNING_KEY_CACHE: "/k.pem" })?.options.signingKeyCache).toBe("/k.pem");
  expect(parseCli(["--signing-key-cache", "/a.pem"], { MOCK_SIGNING_KEY_CACHE: "/k.pem" })?.options.signingKeyCache).toBe("/a.pem");
  expect(() => parseCli(["--signing-key-cache", ""], {})).toThrow('--signing-key-cache must be a file or off, got ""');
});

it("ignores the cache when --signing-key names the key", () => {
  const file = join(tempDir(), "key.pem");
  writeFileSync(file, rsaPem());
  expect(parseCli(["--signing-key", file], { HOME: "/home/p" })?.options).toMatchObject({ signingKey: readFileSync(file, "utf8") });
  expect(parseCli(["--signing-key", file], { HOME: "/home/p" })?.options.signingKeyCache).toBeUndefined();
});

beforeAll(() => ensureBuilt(), 240_000);

const kidOf = async (origin: string) => ((await (await fetch(`${origin}/.well-known/openid-configuration/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

it("signs with the same key after a restart of the built command, and with a new one when the cache is off", async () => {
  const file = join(tempDir(), "signing-key.pem");
  const kids: string[][] = [];
  for (const args of [["--signing-key-cache", file], ["--signing-key-cache", file], ["--signing-key-cache", "off"]]) {
    const mock = await startBuiltMock(["--log", "off", ...args]);
    try {
      kids.push(await kidOf(mock.origin));
    } finally {
      mock.child.kill();
      await mock.exited;
    }
  }
  expect(kids[0]).toHaveLength(1);
  expect(kids[1]).toEqual(kids[0]);
  expect(kids[2]).toHaveLength(1);
  expect(kids[2]).not.toEqual(kids[0]);
  expect(statSync(file).mode & 0o777).toBe(0o600);
}, 60_000);

it("generates RSA-2048 keys in PKCS#8 PEM", async () => {
  expect(await generatePem()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
});
