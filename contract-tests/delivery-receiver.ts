// A webhook receiver the suite runs for a target on this machine: it answers every delivery 200 and keeps what it
// got, so the suite can match the delivery logs against what arrived and check the signature.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceivedDelivery } from "./step.js";

export interface DeliveryReceiver {
  url: string;
  received(): readonly ReceivedDelivery[];
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1:0. */
export async function startReceiver(): Promise<DeliveryReceiver> {
  const received: ReceivedDelivery[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    received.push({ path: req.url ?? "/", headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/contract-deliveries`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a base URL points at this machine (so a receiver on 127.0.0.1 is reachable from the target). */
export function isLocal(baseUrl: string): boolean {
  try {
    return ["127.0.0.1", "localhost", "[::1]", "::1"].includes(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}
