// Token caching on a test clock, with a stub token endpoint: no server needed to count requests.
import { expect, it } from "vitest";
import { ClientError } from "./errors.js";
import { createTokenSource, type Fetch } from "./token.js";

const TOKEN_URL = "https://auth.example.test/connect/token";

/** A token endpoint that hands out tok-1, tok-2, … valid for `expiresIn` seconds, and keeps each request's form. */
function endpoint(expiresIn: number): { fetch: Fetch; forms: string[] } {
  const forms: string[] = [];
  return {
    forms,
    fetch: async (request) => {
      forms.push(`${request.method} ${request.url} ${await request.text()}`);
      return Response.json({ access_token: `tok-${forms.length}`, token_type: "Bearer", expires_in: expiresIn });
    },
  };
}

it("keeps a token until a minute before it expires, then fetches a new one", async () => {
  let now = 0;
  const { fetch, forms } = endpoint(300);
  const tokens = createTokenSource({ tokenUrl: TOKEN_URL, clientId: "acme", clientSecret: "s3cret", fetch, now: () => now });
  expect(await tokens.get()).toBe("tok-1");
  now = 239_999;
  expect(await tokens.get()).toBe("tok-1");
  now = 240_000;
  expect(await tokens.get()).toBe("tok-2");
  expect(forms).toEqual([
    `POST ${TOKEN_URL} grant_type=client_credentials&client_id=acme&client_secret=s3cret`,
    `POST ${TOKEN_URL} grant_type=client_credentials&client_id=acme&client_secret=s3cret`,
  ]);
});

it("shares one token request between concurrent callers and forgets a token the API called invalid", async () => {
  const { fetch, forms } = endpoint(3600);
  const tokens = createTokenSource({ tokenUrl: TOKEN_URL, clientId: "acme", clientSecret: "s3cret", fetch });
  expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(["tok-1", "tok-1", "tok-1"]);
  tokens.invalidate("tok-0");
  expect(await tokens.get()).toBe("tok-1");
  tokens.invalidate("tok-1");
  expect(await tokens.get()).toBe("tok-2");
  expect(forms).toHaveLength(2);
});

it("rejects with token-failed, status and body start when the token endpoint answers something else", async () => {
  const html = `<html>${"maintenance ".repeat(30)}</html>`;
  const tokens = createTokenSource({
    tokenUrl: TOKEN_URL,
    clientId: "acme",
    clientSecret: "s3cret",
    fetch: async () => new Response(html, { status: 503, headers: { "content-type": "text/html" } }),
  });
  const error = await tokens.get().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ClientError);
  if (!(error instanceof ClientError)) return;
  expect([error.code, error.status, error.body, error.message]).toEqual([
    "token-failed",
    503,
    html.slice(0, 200),
    `the token endpoint answered client "acme" at ${TOKEN_URL} with 503, not JSON: ${html.slice(0, 200)}`,
  ]);
});

it("treats a 400 invalid_client as a refused client, naming the id and URL but not the secret", async () => {
  const tokens = createTokenSource({
    tokenUrl: TOKEN_URL,
    clientId: "acme",
    clientSecret: "s3cret",
    fetch: async () => Response.json({ error: "invalid_client" }, { status: 400 }),
  });
  const error = await tokens.get().then(() => undefined, (e: unknown) => e);
  expect(error instanceof ClientError ? [error.code, error.message] : error).toEqual([
    "token-rejected",
    `the token endpoint refused client "acme" at ${TOKEN_URL}: 400 invalid_client`,
  ]);
});
