import { expect, it } from "vitest";
import { formatExchange, formatStep, formatSummary } from "./report.js";

it("prints a passed and a skipped step on one line each", () => {
  expect(formatStep({ name: "PostUser", operationId: "PostUser", status: "passed", ms: 12 })).toBe("✓ PostUser  12 ms");
  expect(formatStep({ name: "PostPriceCurveSimulation", operationId: "PostPriceCurveSimulation", status: "skipped", ms: 3, reason: "not offered" })).toBe(
    "- PostPriceCurveSimulation  3 ms  skipped: not offered",
  );
});

it("prints a failure with the request, each issue, the body and a curl line", () => {
  const text = formatStep({
    name: "PostWebhook",
    operationId: "PostWebhook",
    status: "failed",
    ms: 5,
    failure: {
      message: "expected 201, got 202",
      issues: [
        { field: "status", pointer: "/", message: "202 is not declared for PostWebhook (declared: 201, 400, 401, 413, 415)" },
        { field: "body.webhookUrl", pointer: "/webhookUrl", message: "is required" },
      ],
      exchange: {
        operationId: "PostWebhook",
        request: { method: "POST", url: "http://h/energy-coordination/v1/webhooks", headers: { Authorization: "Bearer t" }, body: "{}" },
        response: { status: 202, headers: {}, contentType: "application/json; charset=utf-8", text: `{"webhookId":"w1"}`, body: { webhookId: "w1" } },
        ms: 5,
      },
      curl: `curl -X POST 'http://h/energy-coordination/v1/webhooks' -H "Authorization: Bearer $TOKEN" --data-raw '{}'`,
    },
  });
  expect(text).toBe(
    [
      "✗ PostWebhook  5 ms",
      "    expected 201, got 202",
      "    POST http://h/energy-coordination/v1/webhooks → 202 application/json",
      "      status: 202 is not declared for PostWebhook (declared: 201, 400, 401, 413, 415)",
      "      /webhookUrl is required",
      `      body: {"webhookId":"w1"}`,
      `    curl -X POST 'http://h/energy-coordination/v1/webhooks' -H "Authorization: Bearer $TOKEN" --data-raw '{}'`,
    ].join("\n"),
  );
});

it("prints a request that got no answer with the reason", () => {
  const text = formatStep({
    name: "GetUsers",
    operationId: "GetUsers",
    status: "failed",
    ms: 100,
    failure: { message: "timed out after 100 ms", issues: [], exchange: { operationId: "GetUsers", request: { method: "GET", url: "http://h/u", headers: {} }, error: "timed out after 100 ms", ms: 100 }, curl: "curl 'http://h/u'" },
  });
  expect(text).toBe(["✗ GetUsers  100 ms", "    timed out after 100 ms", "    GET http://h/u → timed out after 100 ms", "    curl 'http://h/u'"].join("\n"));
});

it("sums up in the form N passed, N failed, N skipped", () => {
  expect(formatSummary({ passed: 30, failed: 1, skipped: 5 })).toBe("30 passed, 1 failed, 5 skipped");
});

it("redacts the token in a verbose transcript", () => {
  const text = formatExchange({
    operationId: "GetUsers",
    request: { method: "GET", url: "http://h/users", headers: { Authorization: "Bearer secret-token" } },
    response: { status: 200, headers: { "content-type": "application/json" }, contentType: "application/json", text: "[]", body: [] },
    ms: 4,
  });
  expect(text).toBe(["→ GET http://h/users", "  Authorization: Bearer [redacted]", "← 200 (4 ms)", "  content-type: application/json", "  []"].join("\n"));
});
