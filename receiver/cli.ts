// `energy-coordination receiver` (`npm run webhook-receiver`): a webhook receiver for partners on a port.
//   energy-coordination receiver --port 4020 --secret a-long-random-secret [--fail-first 1] [--host 127.0.0.1]
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createReceiver } from "./receiver.js";
import { flagProblem } from "../bin/usage.js";

export const HELP = `Usage: energy-coordination receiver [--port P] [--secret S] [--fail-first N] [--host H]

Receives webhook notifications on any path and prints one line each.
  --port P        port to listen on (default 4020; 0 picks a free one)
  --host H        interface (default 127.0.0.1)
  --secret S      the webhook secret: answers 200 when X-Payload-Signature verifies, 401 otherwise
  --fail-first N  answer 500 to the first N good deliveries, to watch the sender retry`;

/** A usage mistake: one line, exit 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<boolean> {
  let parsed;
  try {
    parsed = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4020" },
      host: { type: "string", default: "127.0.0.1" },
      secret: { type: "string" },
      "fail-first": { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
  });
  } catch (e) {
    throw new UsageError(flagProblem(e));
  }
  const { values } = parsed;
  if (values.help) {
    console.log(HELP);
    return false;
  }
  const port = Number(values.port);
  const failFirst = Number(values["fail-first"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);
  if (!Number.isInteger(failFirst) || failFirst < 0) throw new UsageError(`--fail-first must be a whole number, got ${values["fail-first"]}`);
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
  return true;
}

/** `energy-coordination receiver`: listens until SIGINT or SIGTERM; resolves with the exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    if (!(await main(argv))) return 0;
  } catch (e) {
    console.error(`receiver: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  return 0;
}
