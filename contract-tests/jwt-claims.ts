// The claims a JWT access token must carry for partner code that reads it (to refresh before `exp`, to log the
// client): checked by the RequestToken step when the token is a JWT. Opaque tokens are not read.
import { decodeJwt, decodeProtectedHeader } from "jose";

/** True when the token has the shape of a JWS compact serialization (three Base64url parts). */
export const isJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

/**
 * What is wrong with a JWT access token for this client and this `expires_in` (empty when nothing). Times are
 * compared with each other only: the server's clock (the mock's may be moved) need not be the suite's.
 */
export function jwtClaimProblems(token: string, clientId: string, expiresIn: number): string[] {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch (e) {
    return [`the access token looks like a JWT but does not decode (${e instanceof Error ? e.message : String(e)})`];
  }
  const problems: string[] = [];
  if (header.alg !== "RS256") problems.push(`alg is ${JSON.stringify(header.alg)}, expected RS256`);
  if (typeof claims.iss !== "string" || claims.iss === "") problems.push("iss is missing");
  if (claims.client_id !== clientId) problems.push(`client_id is ${JSON.stringify(claims.client_id)}, expected ${JSON.stringify(clientId)}`);
  for (const name of ["iat", "exp"] as const) if (typeof claims[name] !== "number") problems.push(`${name} is missing or not a number`);
  if (claims.nbf !== undefined && typeof claims.nbf !== "number") problems.push("nbf is not a number");
  if (claims.jti !== undefined && typeof claims.jti !== "string") problems.push("jti is not a string");
  const { iat, exp, nbf } = claims;
  if (typeof iat === "number" && typeof exp === "number") {
    // expires_in is counted from the answer, iat from signing: a few seconds apart at most.
    if (Math.abs(exp - iat - expiresIn) > 5) problems.push(`exp - iat is ${exp - iat} s, but expires_in is ${expiresIn} s`);
    if (typeof nbf === "number" && (nbf > iat + 5 || nbf >= exp)) problems.push(`nbf ${nbf} is not between iat ${iat} and exp ${exp}`);
  }
  return problems;
}
