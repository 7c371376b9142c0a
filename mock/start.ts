// `startMock()`: the one way to run the mock on a port, used by the CLI, the library, the contract suite, the
// Postman runner and the tests. Knows nothing of any test framework, so vitest, jest and node:test can all use it.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { contextOf, createApp } from "./app.js";
import type { ClientCredentials, MockContext, MockOptions } from "./context.js";
import { API_BASE, TOKEN_PATH } from "./errors.js";
import type { SeedData } from "./seed.js";

export interface StartMockOptions extends Omit<MockOptions, "seed"> {
  /** Port to listen on; default 0 (a free one). */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Users, locations and resources to preload for every client, or the path of a JSON file of them. */
  seed?: SeedData | string;
}

export interface StartedMock {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The API base URL: `http://127.0.0.1:PORT/energy-coordination/v1`. */
  baseUrl: string;
  /** The OAuth2 token endpoint: `http://127.0.0.1:PORT/connect/token`. */
  tokenUrl: string;
  /** The clients that may get tokens (the demo client unless `clients` was given). */
  clients: ClientCredentials[];
  /** A fresh access token from the token endpoint, for a client id (default the first client). */
  token(clientId?: string): Promise<string>;
  /**
   * Stops listening and drops pending webhook deliveries; resolves with how many were dropped. Open connections are
   * cut at once, or, with `graceMs`, requests in flight get that long to finish first. Calling it again does nothing.
   */
  close(options?: { graceMs?: number }): Promise<CloseReport>;
  /** The Express app, for embedding; most users never need it. */
  app: Express;
  /** The mock's state; internal, may change between versions. */
  context: MockContext;
}

export interface CloseReport {
  /** Webhook notifications that were queued, in flight or waiting for a retry when the mock stopped. */
  droppedDeliveries: number;
}

/** The reason a mock could not start, in one line (the port is taken, the seed file is missing...). */
export class StartError extends Error {
  override name = "StartError";
}

const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

function readSeedFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new StartError(`seed file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StartError(`seed file ${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Starts the mock on 127.0.0.1 (a free port unless `port` is given); resolves once it listens. */
export async function startMock(options: StartMockOptions = {}): Promise<StartedMock> {
  const { port: wanted = 0, host = "127.0.0.1", seed, ...rest } = options;
  const seedData = typeof seed === "string" ? readSeedFile(seed) : seed;
  let app: Express;
  try {
    // The seed is validated against the spec by createApp, which names the bad entry.
    app = createApp({ ...rest, ...(seedData === undefined ? {} : { seed: seedData as SeedData }) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new StartError(typeof seed === "string" ? `seed file ${seed}: ${message}` : message);
  }
  const context = contextOf(app);
  const server: Server = app.listen(wanted, host);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", (e: NodeJS.ErrnoException) =>
        reject(new StartError(e.code === "EADDRINUSE" ? `port ${wanted} on ${host} is taken; try --port 0 for a free one` : `cannot listen on ${host}:${wanted} (${e.code ?? e.message})`)),
      );
    });
  } catch (e) {
    await context.close();
    throw e;
  }
  const origin = `http://${urlHost(host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host)}:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `${origin}${TOKEN_PATH}`;
  let closing: Promise<CloseReport> | undefined;
  return {
    origin,
    baseUrl: `${origin}${API_BASE}`,
    tokenUrl,
    clients: context.clients,
    app,
    context,
    async token(clientId) {
      const client = clientId === undefined ? context.clients[0] : context.clients.find((c) => c.id === clientId);
      if (!client) throw new Error(`token(${JSON.stringify(clientId)}): no such client; the mock has ${context.clients.map((c) => c.id).join(", ") || "none"}`);
      const res = await fetch(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }),
      });
      const body = (await res.json()) as { access_token?: unknown };
      if (res.status !== 200 || typeof body.access_token !== "string") throw new Error(`token(${client.id}): the token endpoint answered ${res.status}`);
      return body.access_token;
    },
    close(options = {}) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if (options.graceMs === undefined) server.closeAllConnections();
        else {
          // Idle keep-alive connections go now; requests in flight may finish within the grace period.
          server.closeIdleConnections();
          const cut = setTimeout(() => server.closeAllConnections(), options.graceMs);
          await closed;
          clearTimeout(cut);
        }
        await closed;
        const droppedDeliveries = context.push.pendingDeliveries();
        await context.close();
        context.logger.flush();
        return { droppedDeliveries };
      })();
      return closing;
    },
  };
}
