// The request journal's bookkeeping: redaction at any depth and the per-client cap.
import { expect, it } from "vitest";
import { journalBody, redact } from "./journal.js";
import { MemoryJournal } from "../state/memory/journal.js";
import { JOURNAL_SIZE } from "../state/state.js";

const entry = (n: number) => ({ at: "2026-11-26T12:00:00.000Z", method: "GET", path: `/r${n}`, query: {}, operationId: null, status: 200, durationMs: 1, body: null });

it("redacts every value under a key that names a secret, token or password, at any depth", () => {
  expect(redact({ webhookSecret: "s", nested: [{ access_token: "t", Password: { any: "thing" }, name: "kept" }], refresh_token: null, n: 1 })).toEqual({
    webhookSecret: "[redacted]",
    nested: [{ access_token: "[redacted]", Password: "[redacted]", name: "kept" }],
    refresh_token: "[redacted]",
    n: 1,
  });
});

it("keeps the last 1,000 requests per client, newest first, and clears one client without touching another", async () => {
  const journal = new MemoryJournal();
  for (let n = 1; n <= JOURNAL_SIZE + 5; n++) journal.add("acme", entry(n));
  journal.add("globex", entry(0));
  const kept = await journal.latest("acme", 1000);
  expect([kept.length, kept[0]!.path, kept.at(-1)!.path]).toEqual([1000, "/r1005", "/r6"]);
  expect((await journal.latest("acme", 2)).map((e) => e.path)).toEqual(["/r1005", "/r1004"]);
  await journal.clear("acme");
  expect(await journal.latest("acme", 10)).toEqual([]);
  expect(await journal.latest("globex", 10)).toEqual([entry(0)]);
});

it("keeps a body over 16 KiB as the start of its redacted JSON, and plain text as text", () => {
  const big = Buffer.from(JSON.stringify({ webhookSecret: "s3cret-value", padding: "x".repeat(20_000) }));
  const kept = journalBody(big, "application/json");
  expect(typeof kept === "string" && [kept.slice(0, 50), kept.length, kept.includes("s3cret-value"), kept.endsWith(" more characters)")]).toEqual([
    '{"webhookSecret":"[redacted]","padding":"xxxxxxxxx',
    16_384 + "… (3645 more characters)".length,
    false,
    true,
  ]);
  expect(journalBody(Buffer.from("{not json"), "application/json")).toBe("{not json");
  expect(journalBody(Buffer.from("grant_type=client_credentials&client_secret=s"), "application/x-www-form-urlencoded")).toEqual({ grant_type: "client_credentials", client_secret: "[redacted]" });
  expect(journalBody(undefined, undefined)).toBeNull();
});
