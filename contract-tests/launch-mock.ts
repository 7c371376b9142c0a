// The only module of the suite that touches the mock: it boots `createApp` on 127.0.0.1:0 for a run without a
// base URL (and for the suite's own tests). Everything else talks HTTP to whatever target it is given.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, contextOf } from "../mock/app.js";
import type { Validators } from "../spec/validators.js";
import type { Credentials } from "./step.js";

/** The mock's demo client, as the README and the Postman environment name it. */
export const DEMO_CLIENT: Credentials = { id: "partner-demo", secret: "partner-demo-secret" };
/** A second client of the launched mock, for the isolation checks. */
export const SECOND_CLIENT: Credentials = { id: "partner-contract-second", secret: "partner-contract-second-secret" };

export interface LaunchedMock {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  baseUrl: string;
  tokenUrl: string;
  client: Credentials;
  second: Credentials;
  /** The spec validators the mock compiled (from spec/validators.ts, like the suite's), so a run compiles them once. */
  validators: Validators;
  close(): Promise<void>;
}

/** Starts the mock on a free loopback port with the demo client and a second client. */
export async function launchMock(): Promise<LaunchedMock> {
  const app = createApp({ clients: [DEMO_CLIENT, SECOND_CLIENT] });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/energy-coordination/v1`,
    tokenUrl: `${origin}/connect/token`,
    client: DEMO_CLIENT,
    second: SECOND_CLIENT,
    validators: contextOf(app).validators,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await contextOf(app).close();
    },
  };
}
