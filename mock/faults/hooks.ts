// Where the clients' faults (mock/faults/faults.ts) meet the request path: one middleware before the API's handlers (after
// the bearer check names the client and the body is read) and one on the token endpoint (naming the client by its
// credentials). Each waits the latency, then answers the injected error, closes the connection, or goes on.
import type { DispatchedHandler, DispatchedRequest, DispatchedResponse } from "../http/bare.js";
import { parseBasic } from "../http/auth.js";
import type { MockContext } from "../context.js";
import type { RequestFault } from "./faults.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The faults injected into the request (`X-Mock-Fault`), for the journal and the log line. */
      fault?: string;
    }
  }
}

function carryOut(fault: RequestFault, res: DispatchedResponse, next: (error?: unknown) => void): void {
  for (const [name, value] of Object.entries(fault.headers)) res.setHeader(name, value);
  if (fault.kinds.length > 0) res.locals.fault = fault.kinds.join(", ");
  const act = () => {
    const { answer } = fault;
    if (answer === undefined) return next();
    if (answer === "drop") {
      // No status line at all: the journal says 0, the partner's HTTP client sees a reset or an empty reply.
      res.statusCode = 0;
      res.socket?.destroy();
      return;
    }
    const body = JSON.stringify({ type: "about:blank", title: answer.title, status: answer.status, detail: answer.detail });
    res.statusCode = answer.status;
    res.setHeader("Content-Type", "application/problem+json; charset=utf-8");
    res.end(body);
  };
  if (fault.latencyMs > 0) setTimeout(act, fault.latencyMs);
  else act();
}

function hook(ctx: MockContext, clientOf: (req: DispatchedRequest, res: DispatchedResponse) => string | undefined): DispatchedHandler {
  return (req, res, next) => {
    // The console's own reads (mock/ui/console/api.js) watch the client; its faults are for the client's code.
    if (req.headers["x-mock-console"] !== undefined) return next();
    const clientId = clientOf(req, res);
    const operationId = res.locals.op?.operationId;
    if (clientId === undefined || operationId === undefined) return next();
    const faults = ctx.faults.apply(clientId, operationId);
    if (!faults) return next();
    ctx.faults.forRequest(clientId, faults).then((fault) => (fault ? carryOut(fault, res, next) : next()), next);
  };
}

/** After an API operation's body is read (so the journal keeps it), before its validation: the token's client's faults. */
export function apiFaults(ctx: MockContext): DispatchedHandler {
  return hook(ctx, (_req, res) => res.locals.clientId);
}

/** The client a token request names with valid credentials (Basic or the form), or undefined: the endpoint answers. */
function tokenClient(ctx: MockContext, req: DispatchedRequest): string | undefined {
  try {
    const header = req.headers.authorization;
    const raw: unknown = req.body;
    const form = new URLSearchParams(Buffer.isBuffer(raw) ? raw.toString("utf8") : "");
    const basic = header !== undefined && /^basic /i.test(header) ? parseBasic(header) : undefined;
    const id = basic?.id ?? form.get("client_id");
    const secret = basic?.secret ?? form.get("client_secret");
    return id !== null && secret !== null && ctx.clients.authenticate(id, secret) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** On the token endpoint (after the raw body parser): the faults of the client the credentials name. */
export function tokenFaults(ctx: MockContext): DispatchedHandler {
  const run = hook(ctx, (req, res) => {
    const id = tokenClient(ctx, req);
    if (id !== undefined) res.locals.clientId = id; // the journal keeps the injected answer too
    return id;
  });
  return (req, res, next) => {
    const id = ctx.clocks.shared ? tokenClient(ctx, req) : undefined;
    // A shared store: the client's faults come with its clock, loaded first.
    if (id === undefined) return run(req, res, next);
    ctx.clocks.refresh(id).then(() => run(req, res, next), next);
  };
}
