// Requests for the token endpoint: valid client credentials (form fields or HTTP Basic), wrong ones, and malformed
// token requests, each with the status it must get.
import fc from "fast-check";
import type { OperationInfo } from "../spec/openapi.js";
import type { RequestKit } from "./request-kit.js";
import type { FuzzRequest, GeneratorOptions } from "./request-types.js";

/** Token requests go to the token URL's own path (`origin: "token"`), which may be on another host than the API. */
export function tokenRequests({ world, fresh }: RequestKit, op: OperationInfo, options: GeneratorOptions = {}): fc.Arbitrary<FuzzRequest> {
  const form = "application/x-www-form-urlencoded";
  const path = options.tokenPath ?? op.path;
  // Wrong secrets for the run's own client only against the mock: an identity server may lock the client out.
  const creds = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ id: world.client.id, secret: world.client.secret }) },
    { weight: 1, arbitrary: fc.record({ id: fresh, secret: fresh }) },
    ...(options.hostile ? [{ weight: 1, arbitrary: fc.record({ id: fc.constant(world.client.id), secret: fresh }) }] : []),
  );
  const valid = fc.tuple(creds, fc.boolean()).map(([c, basic]): FuzzRequest => {
    const headers: Record<string, string> = { "content-type": form };
    const fields: Record<string, string> = { grant_type: "client_credentials" };
    if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(c.id)}:${encodeURIComponent(c.secret)}`).toString("base64")}`;
    else Object.assign(fields, { client_id: c.id, client_secret: c.secret });
    return { method: "POST", path, origin: "token", headers, body: new URLSearchParams(fields).toString(), operationId: op.operationId, label: basic ? "token (Basic)" : "token (form)", expect: { kind: "valid" } };
  });
  const good = new URLSearchParams({ client_id: world.client.id, client_secret: world.client.secret }).toString();
  const invalid = fc.constantFrom<[string, string, string]>(
    ["missing grant_type", form, good],
    ["unsupported grant_type", form, `grant_type=password&${good}`],
    ["repeated grant_type", form, `grant_type=client_credentials&grant_type=client_credentials&${good}`],
    ["JSON instead of a form", "application/json", JSON.stringify({ grant_type: "client_credentials", client_id: world.client.id, client_secret: world.client.secret })],
    ["no content type", "", `grant_type=client_credentials&${good}`],
    ["garbage body", form, "%%%&&&==="],
  ).map(([label, ct, body]): FuzzRequest => ({
    method: "POST",
    path,
    origin: "token",
    headers: ct ? { "content-type": ct } : {},
    body,
    operationId: op.operationId,
    label: `token: ${label}`,
    expect: { kind: "invalid", status: 400 },
  }));
  return fc.oneof(valid, invalid);
}
