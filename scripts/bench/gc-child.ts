// The mock in a process whose memory the bench reads after a full garbage collection: createApp on 127.0.0.1:0
// with the CLI's V8 settings (given as node flags by the parent). Run as
// `node --expose-gc [V8 flags] --import tsx gc-child.ts '<MockOptions as JSON>'`; it answers `{ port }` over IPC once
// listening, and `{ rssBytes, heapUsedBytes }` after collecting twice to each "gc" message.
import type { Server } from "node:http";
import { createApp } from "../../mock/http/app.js";
import type { MockOptions } from "../../mock/context.js";

export interface GcChildMemory {
  rssBytes: number;
  heapUsedBytes: number;
}

async function main(): Promise<void> {
  const gc = globalThis.gc;
  if (!process.send || !gc) throw new Error("gc-child: must be started with an IPC channel and --expose-gc");
  const options = JSON.parse(process.argv[2] ?? "{}") as MockOptions;
  const app = createApp(options);
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("gc-child: no TCP address");
  process.send({ port: address.port });
  process.on("message", (m) => {
    if (m !== "gc") return;
    gc();
    gc();
    const { rss, heapUsed } = process.memoryUsage();
    const memory: GcChildMemory = { rssBytes: rss, heapUsedBytes: heapUsed };
    process.send?.(memory);
  });
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once("SIGTERM", stop).once("disconnect", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
