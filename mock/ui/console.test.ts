// /console in headless Chromium: sign in, see data created through the API appear, press a simulate button and see
// the event and its delivery, and partner-chosen text shown as text, never as HTML.
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import type { Page } from "playwright-core";
import { launchSharedBrowser, type SharedBrowser } from "./browser.js";
import { CONSOLE_CSP, CONSOLE_FILES } from "./console.js";
import { useReceiver } from "../test-support.js";
import { useMock, type MockServer } from "../testing.js";

const BROWSER = { timeout: 90_000 };
/** How often the console refreshes (app.js's POLL_MS); the tests move the page's clock by it rather than wait it out. */
const POLL_MS = 2000;
const HOSTILE = "<img src=x onerror=alert(1)>";

// One browser for the file; each test has a context of its own (its cookies, storage and cache), closed when it ends.
let browser: SharedBrowser;
beforeAll(async () => {
  browser = await launchSharedBrowser();
}, 60_000);
afterAll(() => browser.close());

/** The console, signed in as the mock's first client; every dialog (an alert would be one) is recorded. */
async function openConsole(mock: MockServer, credentials?: { id: string; secret: string }): Promise<{ page: Page; dialogs: string[] }> {
  const context = await browser.newContext();
  onTestFinished(() => context.close());
  const page = await context.newPage();
  // The page's timers on a clock the test can move forward (it runs in real time otherwise).
  await page.clock.install();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${mock.origin}/console/`);
  if (credentials) {
    await page.getByLabel("Client id").fill(credentials.id);
    await page.getByLabel("Client secret").fill(credentials.secret);
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  return { page, dialogs };
}

it("serves its plain modules with a CSP that allows no inline script and nothing from elsewhere", async () => {
  const mock = await useMock();
  for (const file of ["", ...CONSOLE_FILES]) {
    const res = await fetch(`${mock.origin}/console/${file}`);
    expect([file, res.status, res.headers.get("content-security-policy")]).toEqual([file, 200, CONSOLE_CSP]);
  }
});

it("signs in with the demo client and shows users, locations and resources created through the API", BROWSER, async () => {
  const mock = await useMock({ now: () => Date.parse("2026-11-26T12:00:00Z") });
  const api = await mock.login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "home", meterPointIds: ["707057500012345678"], coordinates: { latitude: 78.2209, longitude: 15.6195 } });
  await api.post("/users/u1/locations/home/resources", { resourceId: "tank", resourceType: "HotWaterTank" });
  const { page } = await openConsole(mock);

  await expect.poll(() => page.locator("#client").textContent()).toBe("partner-demo");
  const row = page.locator("#users tbody tr[data-user]");
  await row.first().waitFor();
  expect(await row.locator("td").allTextContents()).toEqual(["u1", "yes", "no", "home (Unknown, 707057500012345678)", "tank HotWaterTank at home", "2026-11-01 – 2026-11-30home: 0 NOK"]);

  // Created while the page is open: it appears on the next refresh.
  await api.post("/users", { userId: "u2" });
  await page.clock.fastForward(POLL_MS);
  await page.locator("#users .user-id", { hasText: "u2" }).waitFor();
});

it("simulates a price curve with a button and shows the event and its signed delivery", BROWSER, async () => {
  const mock = await useMock();
  const receiver = await useReceiver({ secret: "a-long-random-secret" });
  const api = await mock.login();
  const webhookUrl = `${receiver.origin}/hooks`;
  await api.post("/webhooks", { webhookUrl, name: "Spark", webhookSecret: "a-long-random-secret", notificationTypes: ["PriceCurveCreated"] });
  const { page } = await openConsole(mock);
  await page.locator("#webhooks tbody td", { hasText: webhookUrl }).waitFor();

  await page.getByRole("button", { name: "price curve" }).click();
  const event = page.locator("#events li[data-event]");
  await event.first().waitFor();
  const [stored] = ((await api.get("/events")).body as { events: { id: string }[] }).events;
  expect(await event.locator("strong").allTextContents()).toEqual(["PriceCurve"]);
  expect(await event.locator("code").allTextContents()).toEqual([stored!.id]);

  // The attempt is shown by the refresh after it is logged.
  await mock.ctx.push.idle();
  await page.clock.fastForward(POLL_MS);
  const attempt = page.locator("#attempts tbody tr[data-attempt]");
  await attempt.first().waitFor();
  const cells = await attempt.first().locator("td").allTextContents();
  expect([cells[1], cells[2], cells[3], cells[5]]).toEqual(["PriceCurveCreated", stored!.id, "200", "no"]);
  expect(cells[6]).toMatch(/^[A-Za-z0-9+/]{12}…$/);
  await page.locator("#webhooks tbody td", { hasText: "Healthy" }).waitFor();
});

it("shows a hostile user id, location id and webhook name as text, never as HTML", BROWSER, async () => {
  const mock = await useMock();
  const api = await mock.login();
  await api.post("/users", { userId: HOSTILE });
  await api.post(`/users/${encodeURIComponent(HOSTILE)}/locations`, { locationId: "<script>alert(2)</script>" });
  await api.post("/webhooks", { webhookUrl: "http://127.0.0.1:9/hooks", name: "<b onmouseover=alert(3)>hook</b>", notificationTypes: ["PriceCurveCreated"] });
  const { page, dialogs } = await openConsole(mock);

  const id = page.locator("#users .user-id");
  await id.first().waitFor();
  expect(await id.allTextContents()).toEqual([HOSTILE]);
  await page.locator("#webhooks tbody td", { hasText: "<b onmouseover=alert(3)>hook</b>" }).waitFor();
  await page.locator("#users li", { hasText: "<script>alert(2)</script> (Unknown)" }).waitFor();
  await page.locator("#webhooks tbody td").first().hover();
  expect(await page.locator("main img, main script, main b").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

it("signs in as another client, sees only its data, and resets it with a button", BROWSER, async () => {
  const acme = { id: "acme", secret: "acme-secret" };
  const globex = { id: "globex", secret: "globex-secret" };
  const mock = await useMock({ clients: [acme, globex] });
  await (await mock.login(acme)).post("/users", { userId: "acme-user" });
  const globexApi = await mock.login(globex);
  await globexApi.post("/users", { userId: "globex-user" });
  const { page } = await openConsole(mock, globex);

  const ids = page.locator("#users .user-id");
  await ids.first().waitFor();
  expect(await ids.allTextContents()).toEqual(["globex-user"]);
  await page.getByRole("button", { name: "reset my data" }).click();
  await page.locator("#users tbody td", { hasText: "No users yet." }).waitFor();
  expect(((await globexApi.get("/users")).body as { users: unknown[] }).users).toEqual([]);
  expect(((await (await mock.login(acme)).get("/users")).body as { users: unknown[] }).users).toEqual([{ userId: "acme-user" }]);
});

it("moves the signed-in client's clock with the console's buttons and puts it back on real time", BROWSER, async () => {
  const mock = await useMock({ now: () => Date.parse("2026-11-26T12:00:00Z") });
  const { page } = await openConsole(mock);
  await expect.poll(() => page.locator("#clock-state").textContent()).toBe("(real time)");
  await page.getByLabel("advance by").fill("PT25H");
  await page.getByRole("button", { name: "advance" }).click();
  await expect.poll(() => page.locator("#clock-state").textContent()).toBe("(+90000 s)");
  expect(await page.locator("#clock-now").textContent()).toBe("2026-11-27 13:00:00");
  await page.getByLabel("set to").fill("yesterday");
  await page.getByRole("button", { name: "set", exact: true }).click();
  await expect.poll(() => page.locator("#status").textContent()).toBe('400: PUT /_mock/clock: body.now must match format "date-time"');
  await page.getByRole("button", { name: "real time" }).click();
  await expect.poll(() => page.locator("#clock-state").textContent()).toBe("(real time)");
  expect(mock.ctx.clocks.state("partner-demo")).toEqual({ now: "2026-11-26T12:00:00.000Z", offsetSeconds: 0, frozen: false });
});

it("shows the signed-in client's faults and switches them off with a button", BROWSER, async () => {
  const mock = await useMock();
  await mock.handle.faults.set({ errorRate: 1, operations: ["GetUsers"] });
  const { page } = await openConsole(mock);
  await expect.poll(() => page.locator("#faults").textContent()).toBe('{"errorRate":1,"operations":["GetUsers"]}');
  // The console's own reads are not faulted: its users table still fills.
  await page.locator("#users tbody td", { hasText: "No users yet." }).waitFor();
  await page.getByRole("button", { name: "switch faults off" }).click();
  await expect.poll(() => page.locator("#faults").textContent()).toBe("none");
  expect(mock.handle.faults.get()).toEqual({});
});
