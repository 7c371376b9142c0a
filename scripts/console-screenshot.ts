// `npx tsx scripts/console-screenshot.ts`: writes assets/console.png, the README's picture of /console, from a mock
// with two users (one with a hostile id), a webhook on a local receiver that fails once, a price curve and its
// retried delivery.
import type { AddressInfo } from "node:net";
import { createReceiver } from "../receiver/receiver.js";
import { launchBrowser } from "../mock/ui/browser.js";
import { startMock } from "../mock/start.js";
import { projectPath } from "../spec/paths.js";

const mock = await startMock({ webhooks: { baseDelayMs: 60_000 } });
const receiver = createReceiver({ secret: "a-long-random-secret", failFirst: 1, print: () => undefined });
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const token = await mock.token();
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${mock.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
await call("POST", "/users", { userId: "u1" });
await call("POST", "/users/u1/locations", { locationId: "home", meterPointIds: ["707057500012345678"], coordinates: { latitude: 78.2209, longitude: 15.6195 } });
await call("POST", "/users", { userId: "<img src=x onerror=alert(1)>" });
await call("POST", `/users/${encodeURIComponent("<img src=x onerror=alert(1)>")}/locations`, { locationId: "cabin" });
await call("POST", "/webhooks", { webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, name: "Spark", webhookSecret: "a-long-random-secret", notificationTypes: ["PriceCurveCreated", "UserEligibilityUpdated"] });
await call("POST", "/users/u1/locations/home/resources", { resourceId: "tank", resourceType: "HotWaterTank" });
await call("POST", "/users/u1/enrollment");

const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 860 });
  await page.goto(`${mock.origin}/console/`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#users tbody tr[data-user]").first().waitFor();
  await page.getByRole("button", { name: "price curve" }).click();
  await page.locator("#attempts tbody tr[data-attempt]").first().waitFor();
  await page.getByRole("button", { name: "deliver pending webhooks now" }).click();
  await page.locator("#attempts tbody td", { hasText: "200" }).first().waitFor();
  await page.screenshot({ path: projectPath("assets", "console.png") });
  console.log("wrote assets/console.png");
} finally {
  await browser.close();
  receiver.close();
  await mock.close();
}
