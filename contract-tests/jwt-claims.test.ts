import { generateKeyPairSync } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { expect, it } from "vitest";
import { isJwt, jwtClaimProblems } from "./jwt-claims.js";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const IAT = 1_800_000_000;
const sign = (claims: Record<string, unknown>, alg = "RS256") => new SignJWT(claims).setProtectedHeader({ alg }).sign(privateKey);
const good = { iss: "http://127.0.0.1:4010", client_id: "acme", scope: "energy-coordination", iat: IAT, nbf: IAT, exp: IAT + 3600, jti: "j" };

it("finds nothing wrong with a token as the mock and the identity server issue it", async () => {
  const token = await sign(good);
  expect(isJwt(token)).toBe(true);
  expect(jwtClaimProblems(token, "acme", 3600)).toEqual([]);
  expect(isJwt("opaque-random-string")).toBe(false);
});

it("names each claim that partner code would trip over", async () => {
  expect(jwtClaimProblems(await sign({ ...good, client_id: "globex", exp: IAT + 60, iss: undefined }), "acme", 3600)).toEqual([
    "iss is missing",
    'client_id is "globex", expected "acme"',
    "exp - iat is 60 s, but expires_in is 3600 s",
  ]);
  expect(jwtClaimProblems(await sign({ ...good, iat: "now", nbf: IAT + 7200 }), "acme", 3600)).toEqual(["iat is missing or not a number"]);
  expect(jwtClaimProblems(await sign({ ...good, nbf: IAT + 7200 }), "acme", 3600)).toEqual([`nbf ${IAT + 7200} is not between iat ${IAT} and exp ${IAT + 3600}`]);
  expect(jwtClaimProblems(`${new UnsecuredJWT(good).encode()}x`, "acme", 3600)).toEqual(['alg is "none", expected RS256']);
  expect(jwtClaimProblems("a.b.c", "acme", 3600)).toEqual([expect.stringMatching(/^the access token looks like a JWT but does not decode/)]);
});
