// Faults on two mocks sharing one Redis: what a client sets on one replica applies on the other, and its rate limit
// counts the requests to both together.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StartedMock } from "../../start.js";
import { replicaPairs } from "./replica-pair.fixture.js";

const { pair } = replicaPairs();

const setFaults = (mock: StartedMock, token: string, body: unknown) =>
  fetch(`${mock.origin}/_mock/faults`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const getUsers = (mock: StartedMock, token: string) => fetch(`${mock.baseUrl}/users`, { headers: { authorization: `Bearer ${token}` } });

it("applies faults set on one replica on the other, on the API and the token endpoint", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  expect((await setFaults(a, token, { errorRate: 1, errorStatus: 500 })).status).toBe(200);
  const res = await getUsers(b, token);
  expect([res.status, res.headers.get("x-mock-fault")]).toEqual([500, "error"]);
  await expect(b.token()).rejects.toThrow("the token endpoint answered 500");
  const cleared = await fetch(`${b.origin}/_mock/faults`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  expect(cleared.status).toBe(200);
  expect((await getUsers(a, token)).status).toBe(200);
});

it("counts a client's requests to both replicas against one rate limit", async () => {
  const { a, b } = await pair();
  const token = await a.token();
  await setFaults(b, token, { rateLimit: { requests: 3, perSeconds: 60 } });
  const statuses: number[] = [];
  for (const mock of [a, b, a, b, a]) statuses.push((await getUsers(mock, token)).status);
  expect(statuses).toEqual([200, 200, 200, 429, 429]);
});
