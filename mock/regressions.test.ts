// One test per defect the fuzzing found, named after the defect. Each failed before its fix.
import { expect, it } from "vitest";
import { API_BASE } from "./errors.js";
import { rawClient, type RawRequest } from "./fuzz/client.js";
import { useMock, type MockServer } from "./testing.js";

async function raw(mock: MockServer, req: RawRequest) {
  const http = rawClient(mock.origin);
  try {
    return await http.send(req);
  } finally {
    http.close();
  }
}

it("repeated Authorization headers: the first one no longer wins silently", async () => {
  const mock = await useMock();
  const token = await mock.token();
  const res = await raw(mock, { method: "GET", path: `${API_BASE}/users`, headers: { authorization: [`Bearer ${token}`, "Bearer forged"] } });
  expect(res.status).toBe(401);
  expect(res.headers["www-authenticate"]).toBe('Bearer realm="energy-coordination", error="invalid_request", error_description="Send one Authorization header"');
  const tokenRes = await raw(mock, {
    method: "POST",
    path: "/connect/token",
    headers: { authorization: [`Basic ${Buffer.from("partner-demo:partner-demo-secret").toString("base64")}`, "Basic eDp5"], "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(tokenRes.status).toBe(400);
  expect(JSON.parse(tokenRes.text)).toEqual({ error: "invalid_request", error_description: "send one Authorization header, not 2" });
});
