// A webhook receiver for partners: accepts notifications on any path, verifies X-Payload-Signature on the raw
// bytes, prints one line per notification, and can fail the first N deliveries to exercise retries.
// The command around it is receiver/cli.ts (`energy-coordination receiver`).
import http from "node:http";
import { SIGNATURE_HEADER, verifySignature } from "../mock/push/signature.js";

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
