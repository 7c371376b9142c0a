import { expect, it } from "vitest";
import { callsOf, committedCollection, pruned, startingAfresh, withNeeds } from "./plans.js";

const collection = committedCollection();

it("adds the requests that set the ids a request reads, and the ones its state needs, in run order", () => {
  expect(withNeeds(collection, ["PatchLocation"])).toEqual(["PostUser", "PostLocation", "UpdateLocation", "PatchLocation"]);
  expect(withNeeds(collection, ["GetWebhookNotificationLogById"])).toEqual(["PostWebhook", "GetWebhookNotificationLogs", "GetWebhookNotificationLogById"]);
  // Eligibility comes from the locations, which no id read shows.
  expect(withNeeds(collection, ["GetEligibleUsers"])).toEqual(["PostUser", "PostUsers", "PostLocation", "PostLocations", "GetEligibleUsers"]);
  // The cached tokens are the collection's own: no request needs RequestToken for them.
  expect(withNeeds(collection, ["PostUser"])).toEqual(["PostUser"]);
});

it("keeps only the named requests, in their folders and order, and drops the folders left empty", () => {
  const plan = pruned(collection, ["PostWebhook", "PostUser", "PostUsers"]);
  expect(plan.item.map((f) => [f.name, f.item.map((i) => i.name)])).toEqual([
    ["Users", ["PostUser", "PostUsers"]],
    ["Webhooks", ["PostWebhook"]],
  ]);
  // The committed collection stays as it is.
  expect(collection.item.find((f) => f.name === "Users")?.item).toHaveLength(5);
});

it("names the operations each request called, its scripts' requests included", () => {
  const base = "http://127.0.0.1:1/energy-coordination/v1";
  const calls = callsOf([
    { item: "PostUser", method: "POST", url: `${base}/users` },
    { item: "PostUser", method: "GET", url: `${base}/users/u1` },
    { item: "GetUsers", method: "GET", url: `${base}/users?page=2&pageSize=1` },
    { item: "GetUsers", method: "GET", url: `${base}/users/eligible` },
    { item: "RequestToken", method: "POST", url: "http://127.0.0.1:1/connect/token" },
  ]);
  expect(Object.fromEntries([...calls].map(([item, ops]) => [item, [...ops]]))).toEqual({
    PostUser: ["PostUser", "GetUserById"],
    GetUsers: ["GetUsers", "GetEligibleUsers"],
    RequestToken: ["RequestToken"],
  });
});

it("finds no script that sets an environment variable, a global or a cookie (what startingAfresh cannot put back)", () => {
  const scripts = [collection, ...collection.item.flatMap((f) => f.item)].flatMap((x) => (x.event ?? []).map((e) => e.script.exec.join("\n")));
  expect(scripts.length).toBeGreaterThan(50);
  expect(scripts.filter((s) => /pm\.(environment|globals|cookies|iterationData)\.(set|unset|clear|jar)|\bpostman\.set(Environment|Global)Variable/.test(s))).toEqual([]);
});

it("starts each iteration with a request that sends nothing and puts the collection's variables back", () => {
  const afresh = startingAfresh(pruned(collection, ["PostUser"]));
  expect(afresh.item.map((f) => f.name)).toEqual(["(start afresh)", "Users"]);
  const [first] = afresh.item[0]!.item;
  expect(first?.request).toEqual({ method: "GET", url: "{{baseUrl}}", auth: { type: "noauth" } });
  const script = first?.event?.[0]?.script.exec.join("\n") ?? "";
  expect(script).toContain("pm.collectionVariables.clear();");
  expect(script).toContain('"meterPointId":"707057500012345678"');
  expect(script).toContain('"accessToken":""');
  expect(script.endsWith("pm.execution.skipRequest();")).toBe(true);
});
