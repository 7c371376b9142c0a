// What the tests share for the parts around the mock: a server listening on a free local port (closed when the
// test ends), a webhook receiver that keeps what it got, a bearer token got the way a partner gets one, and the
// command as the package installs it (dist/, built once for every test file that runs it: a start from dist/ costs
// about a third of the CPU of one through tsx). Test-only: imported by tests and fixtures, never by the mock, and not
// part of the package.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { onTestFinished } from "vitest";
import { createReceiver, type ReceivedNotification } from "../receiver/receiver.js";
import { CliError, parseCli } from "./cli.js";
import { PROJECT_ROOT, projectPath } from "../spec/paths.js";

/** A server listening on 127.0.0.1 at a free port: its origin, and `close()` (also run when the test ends). */
export interface Listening {
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1:0; it is closed (with its open connections) when the current test finishes. */
export async function listen(server: http.Server): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server is not listening on a TCP port");
  const { port } = address;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  onTestFinished(close);
  return { origin: `http://127.0.0.1:${port}`, port, close };
}

/** A receiver of webhook notifications on a free port, with what it has received so far. */
export interface TestReceiver extends Listening {
  /** Where to point a webhook: `<origin>/hook`. */
  url: string;
  received: ReceivedNotification[];
}

/**
 * The project's own webhook receiver (receiver/receiver.ts) on a free port: it verifies signatures with `secret`
 * (default `s3cret`), answers 500 to the first `failFirst` notifications, and prints nothing.
 */
export async function useReceiver(options: { secret?: string | undefined; failFirst?: number } = {}): Promise<TestReceiver> {
  const received: ReceivedNotification[] = [];
  const server = createReceiver({ secret: "secret" in options ? options.secret : "s3cret", failFirst: options.failFirst ?? 0, print: () => undefined, onNotification: (n) => received.push(n) });
  const l = await listen(server);
  return { ...l, url: `${l.origin}/hook`, received };
}

/** A request as a test server received it, and when (ms since the epoch) its body had arrived. */
export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/** A plain HTTP server on a free port whose requests `answer` handles (n: 1 for the first), keeping each as received. */
export async function useServer(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<Listening & { url: string; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      answer(req, res, requests.length);
    });
  });
  const l = await listen(server);
  return { ...l, url: `${l.origin}/hook`, requests };
}

/** The credentials of a client (the demo client's by default). */
export interface Credentials {
  id: string;
  secret: string;
}

/**
 * A bearer token from the token endpoint at `<origin>/connect/token`, asked for as a partner does (client
 * credentials in a form body); throws naming the status when the endpoint refuses.
 */
export async function requestToken(origin: string, client: Credentials = { id: "partner-demo", secret: "partner-demo-secret" }): Promise<string> {
  const res = await fetch(`${new URL(origin).origin}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }).toString(),
  });
  const body: unknown = await res.json();
  if (res.status !== 200 || typeof body !== "object" || body === null || !("access_token" in body) || typeof body.access_token !== "string") {
    throw new Error(`POST /connect/token for ${client.id} answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

/**
 * What the mock's command line makes of these arguments and environment: "accepted", or the exit code and message of
 * the CliError it stops with (anything else it throws is rethrown).
 */
export function cliVerdict(argv: string[], env: NodeJS.ProcessEnv = {}): "accepted" | [number, string] {
  try {
    parseCli(argv, env);
  } catch (e) {
    if (e instanceof CliError) return [e.exitCode, e.message];
    throw e;
  }
  return "accepted";
}

/** The command as the package installs it (run it with `process.execPath`, after `ensureBuilt()`). */
export const BIN = projectPath("dist", "bin", "energy-coordination.js");
const BUILT = projectPath("dist", "bin", "mock.js");
/** What dist/ is built from (tsconfig.build.json's include, and the build itself): a change to any of them makes it stale. */
const SOURCES = ["index.ts", "bin", "mock", "client", "contract-tests", "fuzz", "receiver", "postman", "scripts", "spec", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(test|fixture|typecheck|conformance)\.ts$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) if (entry !== "node_modules") newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

const fresh = () => existsSync(BIN) && existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...SOURCES.map((s) => newestSource(projectPath(s))));

/**
 * Builds dist/ unless it is newer than its sources (as after `npm test`'s own build). Test files that run at once
 * take turns through a lock directory, so only one builds and none reads a dist/ being rewritten.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(tmpdir(), `ec-build-${createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the longest build is a leftover of a killed run.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`dist/ is still being built by another test (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!fresh()) await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: PROJECT_ROOT, maxBuffer: 20 * 1024 * 1024 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
