// Why an expired token is refused, in either format and on either store: past its expiry on the client's moved clock,
// or past its lifetime in real time while the client's clock stood still. The 401 names the case, every time it is used.
import { expect, it } from "vitest";
import { TOKEN_FORMATS } from "./bearer.js";
import { useMock, type MockServer } from "../../testing.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const acme = { id: "acme", secret: "acme-secret" };

/** The API's answer to a token, as status, challenge and body. */
async function refusal(mock: MockServer, token: string) {
  const res = await mock.as(token).get("/users");
  return { status: res.status, challenge: res.headers.get("www-authenticate"), body: res.body };
}

const problem = (detail: unknown) => ({ type: "urn:energy-coordination-mock:problem:invalid-token", title: "Unauthorized", status: 401, detail });
const ISO = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

for (const tokenFormat of TOKEN_FORMATS) {
  it(`says a ${tokenFormat} token expired by the client's moved clock, each time it is used`, async () => {
    const mock = await useMock({ clients: [acme], now: () => NOW, tokenTtlSeconds: 60, tokenFormat });
    const token = await mock.token(acme);
    expect((await mock.as(token).get("/users")).status).toBe(200);
    mock.ctx.clocks.set("acme", Date.parse("2026-11-26T13:00:00Z"));
    await mock.ctx.clocks.saved("acme");
    const expected = {
      status: 401,
      challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token expired at 2026-11-26T12:01:00.000Z by this client\'s clock"',
      body: problem("GET /users: the access token expired at 2026-11-26T12:01:00.000Z by this client's clock (now 2026-11-26T13:00:00.000Z); get a new one from POST /connect/token"),
    };
    expect(await refusal(mock, token)).toEqual(expected);
    expect(await refusal(mock, token)).toEqual(expected);
  });

  it(`says a ${tokenFormat} token outlived its lifetime in real time while the client's clock stood still`, async () => {
    const mock = await useMock({ clients: [acme], tokenTtlSeconds: 2, tokenFormat });
    mock.ctx.clocks.set("acme", Date.parse("2027-01-01T10:00:00Z"), true);
    await mock.ctx.clocks.saved("acme");
    const token = await mock.token(acme);
    expect((await mock.as(token).get("/users")).status).toBe(200);
    // Two seconds of real time; the frozen clock never gets there.
    await expect.poll(async () => (await mock.as(token).get("/users")).status, { timeout: 10_000, interval: 100 }).toBe(401);
    expect(await refusal(mock, token)).toEqual({
      status: 401,
      challenge: 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token outlived its lifetime in real time"',
      body: problem(
        expect.stringMatching(
          new RegExp(
            `^GET /users: the access token outlived its lifetime in real time at ${ISO}, though by this client's clock \\(now 2027-01-01T10:00:00\\.000Z, frozen or moved back\\) it runs until 2027-01-01T10:00:02\\.000Z; get a new one from POST /connect/token$`,
          ),
        ),
      ),
    });
  });
}
