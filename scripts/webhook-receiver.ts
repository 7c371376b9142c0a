// A webhook receiver for partners: accepts notifications on any path, verifies X-Payload-Signature on the raw
// bytes, prints one line per notification, and can fail the first N deliveries to exercise retries.
//   npm run webhook-receiver -- --port 4020 --secret a-long-random-secret [--fail-first 1] [--host 127.0.0.1]
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { SIGNATURE_HEADER, verifySignature } from "../mock/signature.js";

export interface ReceiverOptions {
  /** The webhook secret; without one every notification is accepted unchecked. */
  secret?: string | undefined;
  /** Answer 500 to this many otherwise-good deliveries first. */
  failFirst?: number;
  /** Where the one-line summaries go. Default console.log. */
  print?: (line: string) => void;
  /** Called for every request, after the answer is chosen. */
  onNotification?: (received: ReceivedNotification) => void;
  /** Larger bodies get 413. Default 10 MiB. */
  maxBodyBytes?: number;
}

export interface ReceivedNotification {
  path: string;
  /** Raw body bytes as received. */
  body: Buffer;
  /** Parsed body, or undefined when it is not JSON. */
  notification: Record<string, unknown> | undefined;
  /** null when no secret is set. */
  verified: boolean | null;
  status: number;
}

const field = (n: Record<string, unknown> | undefined, key: string) => (typeof n?.[key] === "string" ? (n[key] as string) : "-");

/** Builds the receiver's server without listening. */
export function createReceiver(options: ReceiverOptions = {}): http.Server {
  const print = options.print ?? ((line: string) => console.log(line));
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let toFail = options.failFirst ?? 0;

  return http.createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST", "Content-Type": "text/plain" }).end("POST notifications here\n");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxBodyBytes) {
        print(`${req.url ?? "/"}: body of ${size} bytes refused (413)`);
        res.writeHead(413).end();
        return;
      }
      const body = Buffer.concat(chunks);
      let notification: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(body.toString("utf8"));
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) notification = parsed as Record<string, unknown>;
      } catch {
        notification = undefined;
      }
      const verified = options.secret ? verifySignature(options.secret, body, req.headers[SIGNATURE_HEADER.toLowerCase()]) : null;
      let status = 200;
      if (verified === false) status = 401;
      else if (toFail > 0) {
        toFail--;
        status = 500;
      }
      const signature = verified === null ? "unchecked (no secret)" : verified ? "verified" : req.headers["x-payload-signature"] ? "INVALID" : "MISSING";
      print(
        `${field(notification, "notificationType")} event=${field(notification, "eventId")} notification=${field(notification, "notificationId")}` +
          ` signature=${signature} -> ${status}`,
      );
      res.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "ok\n" : `${status}\n`);
      options.onNotification?.({ path: req.url ?? "/", body, notification, verified, status });
    });
  });
}

const HELP = `Usage: npm run webhook-receiver -- --port P [--secret S] [--fail-first N] [--host H]

Receives webhook notifications on any path and prints one line each.
  --port P        port to listen on (default 4020; 0 picks a free one)
  --host H        interface (default 127.0.0.1)
  --secret S      the webhook secret: answers 200 when X-Payload-Signature verifies, 401 otherwise
  --fail-first N  answer 500 to the first N good deliveries, to watch the sender retry`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4020" },
      host: { type: "string", default: "127.0.0.1" },
      secret: { type: "string" },
      "fail-first": { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  const failFirst = Number(values["fail-first"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  if (!Number.isInteger(failFirst) || failFirst < 0) throw new Error(`--fail-first must be a whole number, got ${values["fail-first"]}`);
  const server = createReceiver({ secret: values.secret, failFirst });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === "EADDRINUSE" ? `port ${port} is in use; pick another with --port` : e.message)),
    );
    server.listen(port, values.host, resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  console.log(`Webhook receiver on http://${values.host}:${actual}/ (any path)`);
  console.log(values.secret ? "Signatures are checked: 200 when valid, 401 when wrong or missing." : "No --secret: signatures are not checked.");
  if (failFirst > 0) console.log(`The first ${failFirst} good deliveries get 500.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`webhook-receiver: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
