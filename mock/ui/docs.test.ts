// /docs: Swagger UI from the installed swagger-ui-dist, the spec pointed at this mock, and "try it" in a real browser.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { launchBrowser } from "./browser.js";
import { load } from "js-yaml";
import { DOCS_CSP, viewerFolder } from "./docs.js";
import { useMock } from "../testing.js";

const BROWSER = { timeout: 90_000 };

it("serves the page and the viewer's files from the installed package, with a CSP that keeps everything on this origin", async () => {
  const mock = await useMock();
  const page = await fetch(`${mock.origin}/docs`);
  expect([page.status, page.headers.get("content-type"), page.headers.get("content-security-policy")]).toEqual([200, "text/html; charset=utf-8", DOCS_CSP]);
  expect(await page.text()).toContain('<script src="/docs/swagger-ui-bundle.js"></script>');
  for (const [file, type] of [["swagger-ui-bundle.js", "text/javascript; charset=utf-8"], ["swagger-ui.css", "text/css; charset=utf-8"]] as const) {
    const res = await fetch(`${mock.origin}/docs/${file}`);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, type]);
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(viewerFolder(), file)))).toBe(true);
  }
  expect((await fetch(`${mock.origin}/docs/package.json`)).status).toBe(404);
});

it("points the spec's servers, token URL and the control API's server at this mock", async () => {
  const mock = await useMock();
  const api = (await (await fetch(`${mock.origin}/docs/openapi.json`)).json()) as {
    servers: unknown;
    paths: Record<string, { servers?: unknown }>;
    components: { securitySchemes: { oauth2: { flows: unknown } } };
  };
  expect(api.servers).toEqual([{ url: `${mock.origin}/energy-coordination/v1`, description: "This mock" }]);
  expect(api.paths["/connect/token"]!.servers).toEqual([{ url: mock.origin, description: "This mock" }]);
  expect(api.components.securitySchemes.oauth2.flows).toEqual({ clientCredentials: { tokenUrl: `${mock.origin}/connect/token`, scopes: {} } });
  // The document itself is untouched.
  expect(mock.ctx.validators.spec.document.servers).toHaveLength(3);
  const control = (await (await fetch(`${mock.origin}/docs/mock-control.json`)).json()) as { info: { title: string }; servers: unknown };
  expect([control.info.title, control.servers]).toEqual(["Energy Coordination mock control API", [{ url: mock.origin, description: "This mock" }]]);
});

it("serves the same documents at plain URLs, the API's also as YAML, for client generators", async () => {
  const mock = await useMock();
  const read = async (path: string) => {
    const res = await fetch(`${mock.origin}${path}`);
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  const [docsApi, api, yaml, docsControl, control] = await Promise.all(["/docs/openapi.json", "/openapi.json", "/openapi.yaml", "/docs/mock-control.json", "/mock-control.json"].map(read));
  expect([api!.status, api!.type]).toEqual([200, "application/json; charset=utf-8"]);
  expect(JSON.parse(api!.text)).toEqual(JSON.parse(docsApi!.text));
  expect([yaml!.status, yaml!.type]).toEqual([200, "application/yaml; charset=utf-8"]);
  expect(load(yaml!.text)).toEqual(JSON.parse(docsApi!.text));
  expect([control!.status, JSON.parse(control!.text)]).toEqual([200, JSON.parse(docsControl!.text)]);
});

it("renders the spec in Chromium and tries GET /users against this mock with the demo client's token", BROWSER, async () => {
  const mock = await useMock();
  const api = await mock.login();
  await api.post("/users", { userId: "<b>u1</b>" });
  const browser = await launchBrowser();
  onTestFinished(() => browser.close());
  const page = await browser.context.newPage();
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("request", (r) => {
    if (!r.url().startsWith(mock.origin)) failed.push(`left the origin: ${r.url()}`);
  });
  await page.goto(`${mock.origin}/docs`);
  await page.getByText('"Try it out" calls this mock as partner-demo').waitFor();
  const op = page.locator("#operations-Users-GetUsers");
  await op.locator(".opblock-summary").click();
  await op.getByRole("button", { name: "Execute" }).click();
  const status = op.locator(".live-responses-table .response .response-col_status");
  await status.waitFor();
  expect((await status.textContent())?.trim()).toBe("200");
  expect(JSON.parse((await op.locator(".live-responses-table .microlight").first().textContent()) ?? "")).toEqual({
    users: [{ userId: "<b>u1</b>" }],
    pagination: { totalRecords: 1, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null },
  });
  expect(failed).toEqual([]);
});
