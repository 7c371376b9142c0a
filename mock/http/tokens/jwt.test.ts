// JWT access tokens as partners' code reads them: the claims, discovery and the JWKS that verifies them, and every
// forged, tampered, expired or not-yet-valid token refused with 401 invalid_token naming why.
import { generateKeyPairSync } from "node:crypto";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT } from "jose";
import { writeFileSync, mkdtempSync } from "node:fs";
import { request, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject, it, onTestFinished } from "vitest";
import { parseCli } from "../../cli.js";
import { startTestRedis } from "../../state/redis/test-server.js";
import { startMock as startMockServer } from "../../start.js";
import { useMock, type MockServer } from "../../testing.js";
import { cliVerdict } from "../../test-support.js";
import { issuerOf } from "./discovery.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const acme = { id: "acme", secret: "acme-secret" };

const json = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, contentType: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
};

/** The API's answer to a token, as status, challenge and body. */
async function refusal(mock: MockServer, token: string) {
  const res = await mock.as(token).get("/users");
  return { status: res.status, challenge: res.headers.get("www-authenticate"), body: res.body };
}

const problem = (detail: string) => ({ type: "urn:energy-coordination-mock:problem:invalid-token", title: "Unauthorized", status: 401, detail: `GET /users: ${detail}; get a new one from POST /connect/token` });

it("issues an RS256 JWT with iss, client_id, scope, iat, nbf, exp by the client's clock and jti", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW, tokenTtlSeconds: 600 });
  const token = await mock.token(acme);
  expect(decodeProtectedHeader(token)).toEqual({ alg: "RS256", typ: "at+jwt", kid: expect.any(String) });
  expect(decodeJwt(token)).toEqual({ iss: mock.origin, client_id: "acme", scope: "energy-coordination", iat: NOW / 1000, nbf: NOW / 1000, exp: NOW / 1000 + 600, jti: expect.any(String) });
  expect((await mock.as(token).get("/users")).status).toBe(200);
  // A moved clock moves the claims of the tokens issued after it.
  expect(mock.ctx.clocks.set("acme", Date.parse("2027-03-01T00:00:00Z")).now).toBe("2027-03-01T00:00:00.000Z");
  await mock.ctx.clocks.saved("acme");
  expect(decodeJwt(await mock.token(acme))).toMatchObject({ iat: Date.parse("2027-03-01T00:00:00Z") / 1000, exp: Date.parse("2027-03-01T00:10:00Z") / 1000 });
});

it("publishes OpenID discovery and a JWKS that verifies the tokens, as a partner's OAuth library reads them", async () => {
  const mock = await useMock({ clients: [acme] });
  const discovery = await json(`${mock.origin}/.well-known/openid-configuration`);
  expect(discovery).toEqual({
    status: 200,
    contentType: "application/json; charset=utf-8",
    body: {
      issuer: mock.origin,
      jwks_uri: `${mock.origin}/.well-known/openid-configuration/jwks`,
      token_endpoint: `${mock.origin}/connect/token`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      scopes_supported: ["energy-coordination"],
      claims_supported: ["iss", "client_id", "scope", "iat", "nbf", "exp", "jti"],
      response_types_supported: ["token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
    },
  });
  const jwks = await json(discovery.body.jwks_uri as string);
  expect(jwks).toEqual({ status: 200, contentType: "application/json; charset=utf-8", body: { keys: [{ kty: "RSA", n: expect.any(String), e: "AQAB", kid: expect.any(String), use: "sig", alg: "RS256" }] } });
  const token = await mock.token(acme);
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body as { keys: [] }), { issuer: mock.origin });
  expect(payload.client_id).toBe("acme");
});

/** A request with a Host header of its own (fetch does not let a caller set one), answered as status and JSON body. */
function withHost(url: string, host: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers = { host, ...(init.body !== undefined && { "content-type": "application/x-www-form-urlencoded" }) };
    const req = request(url, { method: init.method ?? "GET", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on("error", reject).end(init.body);
  });
}

it("names as issuer the origin a request was made to, in the token and in discovery alike", async () => {
  const mock = await useMock({ clients: [acme] });
  const host = "sandbox.example:8443";
  const discovery = await withHost(`${mock.origin}/.well-known/openid-configuration`, host);
  expect(discovery.body).toMatchObject({ issuer: `http://${host}`, token_endpoint: `http://${host}/connect/token` });
  const token = await withHost(`${mock.origin}/connect/token`, host, { method: "POST", body: `grant_type=client_credentials&client_id=${acme.id}&client_secret=${acme.secret}` });
  expect(token.status).toBe(200);
  expect(decodeJwt(token.body.access_token as string).iss).toBe(`http://${host}`);
  // Mounted in an HTTPS server, the scheme is the socket's.
  const tls = { socket: { encrypted: true }, headers: { host } } as unknown as IncomingMessage;
  expect(issuerOf(tls)).toBe(`https://${host}`);
  expect(issuerOf({ socket: {}, headers: {} } as unknown as IncomingMessage)).toBe("http://localhost");
});

it("refuses a token signed by another key, with alg none, with a tampered payload or a non-canonical spelling", async () => {
  const mock = await useMock({ clients: [acme] });
  const token = await mock.token(acme);
  const claims = decodeJwt(token);
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const header = decodeProtectedHeader(token);
  const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: header.kid! }).sign(privateKey);
  const badSignature = {
    status: 401,
    challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token\'s signature does not verify"',
    body: problem("the access token's signature does not verify with this mock's signing key (/.well-known/openid-configuration/jwks)"),
  };
  expect(await refusal(mock, otherKey)).toEqual(badSignature);

  // It ends as the issued token does, and that one is in the mock's cache of checked tokens, which is keyed by a
  // token's last characters: the whole token must still be compared.
  const [head, , signature] = token.split(".");
  const tampered = `${head}.${Buffer.from(JSON.stringify({ ...claims, client_id: "globex" })).toString("base64url")}.${signature}`;
  expect(await refusal(mock, tampered)).toEqual(badSignature);

  const none = new UnsecuredJWT(claims).encode();
  expect(await refusal(mock, none)).toEqual({
    status: 401,
    challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token must be signed with RS256"',
    body: problem('the access token is not signed with RS256 ("alg" (Algorithm) Header Parameter value not allowed); this mock signs and accepts RS256 only'),
  });
  // The same signature with a spare bit set in its last character decodes to the same bytes.
  const last = signature!.at(-1)!;
  const sibling = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last) ^ 1)]!;
  expect((await refusal(mock, `${head}.${token.split(".")[1]}.${signature!.slice(0, -1)}${sibling}`)).status).toBe(401);
  expect((await mock.as(token).get("/users")).status).toBe(200);
});

it("says a token expired by the client's moved clock, and one issued after the time the clock was moved back to", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW, tokenTtlSeconds: 60 });
  const token = await mock.token(acme);
  expect((await mock.as(token).get("/users")).status).toBe(200);
  mock.ctx.clocks.set("acme", NOW + 60_000);
  await mock.ctx.clocks.saved("acme");
  expect(await refusal(mock, token)).toEqual({
    status: 401,
    challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token expired at 2026-11-26T12:01:00.000Z by this client\'s clock"',
    body: problem("the access token expired at 2026-11-26T12:01:00.000Z by this client's clock (now 2026-11-26T12:01:00.000Z)"),
  });

  mock.ctx.clocks.reset("acme");
  await mock.ctx.clocks.saved("acme");
  const fresh = await mock.token(acme);
  mock.ctx.clocks.set("acme", NOW - 3_600_000);
  await mock.ctx.clocks.saved("acme");
  expect(await refusal(mock, fresh)).toEqual({
    status: 401,
    challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token is not valid before 2026-11-26T12:00:00.000Z by this client\'s clock"',
    body: problem("the access token is not valid before 2026-11-26T12:00:00.000Z by this client's clock (now 2026-11-26T11:00:00.000Z): the clock was moved back after it was issued"),
  });
  expect((await mock.as(await mock.token(acme)).get("/users")).status).toBe(200);
});

it("revokes a removed client's JWTs, which still carry a valid signature", async () => {
  const mock = await useMock({ clients: [acme, { id: "globex", secret: "globex-secret" }] });
  const token = await mock.token(acme);
  // Used once first: its checked signature is kept, and the removal still counts.
  expect((await mock.as(token).get("/users")).status).toBe(200);
  expect(mock.ctx.clients.remove("acme")).toBe(true);
  // A shared store revokes in the background (remove() does not wait for Redis).
  await expect.poll(async () => (await refusal(mock, token)).status).toBe(401);
  expect(await refusal(mock, token)).toEqual({
    status: 401,
    challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token was revoked"',
    body: problem("the access token is no longer live (its client was removed, or it was the client's oldest past its quota of live tokens)"),
  });
});

it("signs with the configured key, whose public half the JWKS lists", async () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const mock = await useMock({ clients: [acme], signingKey: pem });
  const token = await mock.token(acme);
  expect((await jwtVerify(token, publicKey)).payload.client_id).toBe("acme");
  const { body } = await json(`${mock.origin}/.well-known/openid-configuration/jwks`);
  expect((body.keys as { n: string }[])[0]!.n).toBe(publicKey.export({ format: "jwk" }).n);
});

it("signs on the thread pool the very token jose's SignJWT makes of the same claims and key", async () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const mock = await useMock({ clients: [acme], now: () => NOW, tokenTtlSeconds: 600, signingKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString() });
  const token = await mock.token(acme);
  const { kid } = decodeProtectedHeader(token);
  const iat = NOW / 1000;
  const byJose = await new SignJWT({ client_id: "acme", scope: "energy-coordination", jti: decodeJwt(token).jti })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid })
    .setIssuer(mock.origin)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 600)
    .sign(privateKey);
  expect(token).toBe(byJose);
});

it("refuses a signing key that RS256 cannot use, naming it", async () => {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await expect(useMock({ signingKey: ec })).rejects.toThrow("signingKey: an ec key; RS256 needs an RSA key");
  await expect(useMock({ signingKey: "not a key" })).rejects.toThrow(/^signingKey: not a private key in PEM/);
});

it("hands out opaque tokens with tokenFormat opaque, as before JWTs", async () => {
  const mock = await useMock({ clients: [acme], tokenFormat: "opaque" });
  const token = await mock.token(acme);
  expect(token).toMatch(/^[\w-]{43}$/);
  expect((await mock.as(token).get("/users")).status).toBe(200);
  expect(await refusal(mock, "made-up")).toEqual({
    status: 401,
    challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token is unknown or has expired"',
    body: problem("the access token is unknown or has expired"),
  });
});

it("signs with one key on every replica of one store, so a token from one verifies on the other", async () => {
  // The "redis" project's store, or (in the memory project) a Redis of this test's own.
  const own = inject("mockStore") ? undefined : await startTestRedis();
  const store = inject("mockStore") ?? own!.url;
  onTestFinished(() => own?.stop());
  const storePrefix = `t${Math.random().toString(36).slice(2, 10)}:`;
  const a = await startMockServer({ store, storePrefix });
  const b = await startMockServer({ store, storePrefix });
  try {
    const [ja, jb] = await Promise.all([json(`${a.origin}/.well-known/openid-configuration/jwks`), json(`${b.origin}/.well-known/openid-configuration/jwks`)]);
    expect(ja.body).toEqual(jb.body);
    const token = await a.token();
    const res = await fetch(`${b.baseUrl}/users`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  } finally {
    await a.close();
    await b.close();
  }
});

it("reads --token-format and --signing-key FILE, and names a bad value or file", () => {
  const dir = mkdtempSync(join(tmpdir(), "mock-key-"));
  const good = join(dir, "key.pem");
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  writeFileSync(good, pem);
  const bad = join(dir, "bad.pem");
  writeFileSync(bad, "-----BEGIN NOTHING-----");
  expect(parseCli(["--token-format", "opaque", "--signing-key", good])?.options).toMatchObject({ tokenFormat: "opaque", signingKey: pem });
  expect(parseCli([], { MOCK_TOKEN_FORMAT: "jwt" })?.options.tokenFormat).toBe("jwt");
  expect(cliVerdict(["--token-format", "saml"])).toEqual([2, '--token-format must be one of jwt, opaque, got "saml"']);
  expect(cliVerdict([], { MOCK_TOKEN_FORMAT: "JWT" })).toEqual([2, 'MOCK_TOKEN_FORMAT must be one of jwt, opaque, got "JWT"']);
  expect(cliVerdict(["--signing-key", join(dir, "missing.pem")])).toEqual([2, `--signing-key ${join(dir, "missing.pem")}: cannot read it (ENOENT)`]);
  expect(cliVerdict(["--signing-key", bad])).toEqual([2, expect.stringMatching(new RegExp(`^--signing-key ${bad}: not a private key in PEM`))]);
});
