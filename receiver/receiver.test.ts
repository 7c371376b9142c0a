import { spawn } from "node:child_process";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { signPayload } from "../mock/push/signature.js";
import { createReceiver, type ReceiverOptions } from "./receiver.js";

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function start(options: ReceiverOptions) {
  const lines: string[] = [];
  const server = createReceiver({ print: (l) => lines.push(l), ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

const body = '{"notificationId":"n1","eventId":"e1","notificationType":"PriceCurveCreated","payload":{}}';

const post = (url: string, raw: string, signature?: string) =>
  fetch(url, { method: "POST", body: raw, headers: { "Content-Type": "application/json", ...(signature ? { "X-Payload-Signature": signature } : {}) } });

it("answers 200 to a notification whose signature verifies, on any path", async () => {
  const r = await start({ secret: "s3cret" });
  const res = await post(`${r.base}/any/path/here`, body, signPayload("s3cret", body));
  expect(res.status).toBe(200);
  expect(await res.text()).toBe("ok\n");
  expect(r.lines).toEqual(["PriceCurveCreated event=e1 notification=n1 signature=verified -> 200"]);
});

it("answers 401 to a wrong or missing signature while a secret is set", async () => {
  const r = await start({ secret: "s3cret" });
  expect((await post(`${r.base}/`, body, signPayload("other", body))).status).toBe(401);
  expect((await post(`${r.base}/`, body)).status).toBe(401);
  expect(r.lines).toEqual([
    "PriceCurveCreated event=e1 notification=n1 signature=INVALID -> 401",
    "PriceCurveCreated event=e1 notification=n1 signature=MISSING -> 401",
  ]);
});

it("checks the raw bytes, so re-serialised JSON does not verify", async () => {
  const r = await start({ secret: "s3cret" });
  const pretty = JSON.stringify(JSON.parse(body), null, 1);
  expect((await post(`${r.base}/`, pretty, signPayload("s3cret", body))).status).toBe(401);
});

it("accepts everything unchecked when no secret is set", async () => {
  const r = await start({});
  expect((await post(`${r.base}/`, body)).status).toBe(200);
  expect(r.lines).toEqual(["PriceCurveCreated event=e1 notification=n1 signature=unchecked (no secret) -> 200"]);
});

it("fails the first N good deliveries with 500 when told to", async () => {
  const r = await start({ secret: "s3cret", failFirst: 2 });
  const sig = signPayload("s3cret", body);
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await post(`${r.base}/`, body, sig)).status);
  expect(statuses).toEqual([500, 500, 200]);
});

it("reports each notification to onNotification with the raw bytes", async () => {
  const seen: unknown[] = [];
  const r = await start({ secret: "s3cret", onNotification: (n) => seen.push({ ...n, body: n.body.toString("utf8") }) });
  await post(`${r.base}/hooks/spark`, body, signPayload("s3cret", body));
  expect(seen).toEqual([{ path: "/hooks/spark", body, notification: JSON.parse(body), verified: true, status: 200 }]);
});

it("refuses methods other than POST and bodies over the limit", async () => {
  const r = await start({ maxBodyBytes: 10 });
  expect((await fetch(`${r.base}/`)).status).toBe(405);
  expect((await post(`${r.base}/`, body)).status).toBe(413);
});

it("starts from the command line and prints where it listens", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/energy-coordination.ts", "receiver", "--port", "0", "--secret", "s3cret"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /on (http:\/\/\S+\/) /.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const res = await post(`${url}hook`, body, signPayload("s3cret", body));
    expect(res.status).toBe(200);
    expect(out).toContain("Signatures are checked: 200 when valid, 401 when wrong or missing.");
  } finally {
    child.kill();
  }
});

it("fails with one line when the arguments are wrong", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/energy-coordination.ts", "receiver", "--port", "nope"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(2);
  expect(err).toBe("receiver: --port must be a port number, got nope\n");
});
