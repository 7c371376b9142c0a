// A throwaway redis-server for tests: its own loopback port, no persistence, no daemon; stopped (and started
// again on the same port, for outage tests) by the test that made it. A missing redis-server is a failure with
// the command that installs it, never a skipped test: CI installs it (.ci/run).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";

const BINARY = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";
const READY_WITHIN_MS = 5000;

export interface TestRedis {
  port: number;
  /** `redis://127.0.0.1:<port>/0` */
  url: string;
  /** Stops the server (SIGKILL when `crash`), keeping the port for `start`. Its data is gone: persistence is off. */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Starts it again on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and every command waits, as in a stall; `resume` ends it. */
  pause(): void;
  resume(): void;
}

/** A free loopback port, as the kernel hands one out (closed again before the server binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** One PING over a plain socket: true when the answer is +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let answer = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on("error", () => done(false));
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) done(answer.startsWith("+PONG"));
    });
    socket.on("connect", () => socket.write("PING\r\n"));
  });
}

/** Starts a redis-server on a free loopback port and waits until it answers PING. */
export async function startTestRedis(): Promise<TestRedis> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} not found: the Redis store's tests need a real server (apt-get install redis-server, or set REDIS_SERVER)`);
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = "";

  async function start(): Promise<void> {
    if (child) return;
    output = "";
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"];
    const proc = spawn(BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    let exited = false;
    proc.once("exit", () => {
      exited = true;
      if (child === proc) child = undefined;
    });
    const deadline = Date.now() + READY_WITHIN_MS;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`redis-server on port ${port} exited at start: ${output.trim().split("\n").pop() ?? ""}`);
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.kill("SIGKILL");
    throw new Error(`redis-server on port ${port} did not answer PING within ${READY_WITHIN_MS} ms: ${output.trim()}`);
  }

  async function stop({ crash = false } = {}): Promise<void> {
    const proc = child;
    if (!proc) return;
    child = undefined;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill(crash ? "SIGKILL" : "SIGTERM");
      // A paused server acts on SIGTERM only once it runs again.
      proc.kill("SIGCONT");
    });
  }

  const signal = (name: NodeJS.Signals) => {
    if (!child) throw new Error(`redis-server on port ${port} is not running`);
    child.kill(name);
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}/0`, stop, start, pause: () => signal("SIGSTOP"), resume: () => signal("SIGCONT") };
}
