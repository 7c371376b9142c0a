// The log's writer: batches reach the descriptor whole and in order, flush() waits for them, a closed descriptor
// ends the log instead of the process.
import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
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

it("writes batches one after another through its kept buffer, and a batch too big for it whole", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "fd-writer-")), "out.log");
  const fd = openSync(file, "w");
  const out = new FdWriter(fd);
  // Each batch waits for the one before, so each goes through the kept buffer, which must not still hold the last.
  const batches = Array.from({ length: 50 }, (_, i) => `batch ${i} ${String(i % 10).repeat(20_000 - i * 300)} é\n`);
  for (const b of batches) {
    out.write(b);
    await out.flush();
  }
  const big = `${"b".repeat(100_000)}\n`;
  out.write(big);
  out.write("after\n");
  await out.flush();
  closeSync(fd);
  expect(readFileSync(file, "utf8")).toBe(batches.join("") + big + "after\n");
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

it("keeps at most 8 MiB queued for a reader that does not keep up, dropping the oldest batches, and goes on once it reads", async () => {
  const fifo = join(mkdtempSync(join(tmpdir(), "fd-writer-")), "slow");
  execFileSync("mkfifo", [fifo]);
  // Non-blocking ends, so that neither open waits for the other and a full pipe answers EAGAIN.
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  const out = new FdWriter(fd);
  const MiB = 1024 * 1024;
  const batch = (i: number) => `${String(i).padStart(2, "0")}${"x".repeat(MiB - 3)}\n`;
  for (let i = 0; i < 20; i++) out.write(batch(i));
  // Nobody has read: the first batch is being written, and of the rest only the newest 8 MiB are kept.
  const flushed = out.flush(10_000);
  let received = "";
  const chunk = Buffer.alloc(MiB);
  let done = false;
  void flushed.then(() => (done = true));
  while (!done || received.length < 9 * MiB) {
    let n = 0;
    try {
      n = readSync(reader, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
    }
    if (n > 0) received += chunk.toString("latin1", 0, n);
    else await new Promise((resolve) => setTimeout(resolve, 2));
    if (done && n === 0) break;
  }
  closeSync(fd);
  closeSync(reader);
  const labels = received.split("\n").filter(Boolean).map((line) => line.slice(0, 2));
  expect(labels).toEqual(["00", "12", "13", "14", "15", "16", "17", "18", "19"]);
  expect(out.open).toBe(true);
});
