// The log's writer: batches reach the descriptor whole and in order, flush() waits for them, a closed descriptor
// ends the log instead of the process.
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FdWriter } from "./fd-writer.js";

it("writes every batch in order, and flush resolves once they are out", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "fd-writer-")), "out.log");
  const fd = openSync(file, "w");
  const out = new FdWriter(fd);
  const batches = Array.from({ length: 200 }, (_, i) => `batch ${i} ${"x".repeat(i * 37)}\n`);
  for (const b of batches) out.write(b);
  await out.flush();
  closeSync(fd);
  expect(readFileSync(file, "utf8")).toBe(batches.join(""));
  expect(out.open).toBe(true);
});

it("resolves flush at once when nothing is pending", async () => {
  const out = new FdWriter(1);
  await expect(out.flush()).resolves.toBeUndefined();
});

it("stops writing, without throwing, once the descriptor refuses a write for good", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "fd-writer-")), "out.log");
  writeFileSync(file, "");
  const fd = openSync(file, "r");
  const out = new FdWriter(fd);
  out.write("refused: the file is open for reading only\n");
  await out.flush();
  expect(out.open).toBe(false);
  out.write("dropped\n");
  await out.flush();
  closeSync(fd);
  expect(readFileSync(file, "utf8")).toBe("");
});
