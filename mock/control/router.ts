// The control API under /_mock, dispatched from the one route table (spec/mock-control.yaml's operations are in it
// beside the API's) by the one dispatcher (http/dispatch.ts): bearer auth (the call acts on the token's client),
// validation from the spec, then the operation's handler.
import { sendAnswer, type DispatchedHandler } from "../http/bare.js";
import type { ControlOperationId, Faults, SetClockRequest } from "../../spec/control-types.js";
import type { OperationInfo } from "../../spec/openapi.js";
import { bearerAuth } from "../http/auth.js";
import type { ApiResponse, MockContext } from "../context.js";
import { controlValidators } from "./spec.js";
import type { Route } from "../http/routing.js";
import { validate } from "../http/validation.js";
import { deliverNow, resetClient, setClock, setFaults } from "./actions.js";

interface ControlRequest {
  clientId: string;
  query: Record<string, unknown>;
  body: unknown;
  operation: OperationInfo;
}

type ControlHandler = (req: ControlRequest, ctx: MockContext) => ApiResponse | Promise<ApiResponse>;

const handlers: Record<ControlOperationId, ControlHandler> = {
  async ResetClient({ clientId, query }, ctx) {
    await resetClient(ctx, clientId, { clock: query.clock === true });
    return { status: 204 };
  },
  GetClock: ({ clientId }, ctx) => ({ status: 200, body: ctx.clocks.state(clientId) }),
  // The validator let through only a body that matches SetClockRequest.
  async SetClock({ clientId, body }, ctx) {
    const clock = setClock(ctx, clientId, body as SetClockRequest);
    // Shared clocks: other processes read the new time once it is saved.
    await ctx.clocks.saved(clientId);
    return { status: 200, body: clock };
  },
  async ResetClock({ clientId }, ctx) {
    const clock = ctx.clocks.reset(clientId);
    await ctx.clocks.saved(clientId);
    return { status: 200, body: clock };
  },
  GetFaults: ({ clientId }, ctx) => ({ status: 200, body: ctx.faults.of(clientId) }),
  // The validator let through only a body that matches Faults.
  SetFaults: async ({ clientId, body }, ctx) => ({ status: 200, body: await setFaults(ctx, clientId, body as Faults) }),
  ClearFaults: async ({ clientId }, ctx) => ({ status: 200, body: await ctx.faults.clear(clientId) }),
  DeliverNow: async ({ clientId }, ctx) => ({ status: 200, body: await deliverNow(ctx, clientId) }),
  async GetRequestJournal({ clientId, query, operation }, ctx) {
    const fallback = operation.parameters.find((p) => p.name === "limit")?.schema.default;
    const limit = typeof query.limit === "number" ? query.limit : typeof fallback === "number" ? fallback : 100;
    return { status: 200, body: { requests: await ctx.journal.latest(clientId, limit) } };
  },
};

const byId: Partial<Record<string, ControlHandler>> = handlers;

/**
 * The handlers of a control route after the table named it: bearer auth, the raw body (`raw`, when the operation
 * takes one), validation against spec/mock-control.yaml, then the operation's handler.
 */
export function controlChain(ctx: MockContext, route: Route, raw: DispatchedHandler): DispatchedHandler[] {
  const { op } = route;
  const handler = byId[op.operationId];
  if (!handler) throw new Error(`no control handler for ${op.operationId}: add it to mock/control/router.ts`);
  const run: DispatchedHandler = (_req, res, next) => {
    const input = res.locals.input!;
    Promise.resolve(handler({ clientId: input.clientId, query: input.query, body: input.body, operation: op }, ctx)).then((r) => sendAnswer(res, r), next);
  };
  const chain: DispatchedHandler[] = [bearerAuth(ctx)];
  if (op.requestBody) chain.push(raw);
  chain.push(validate(op, { validators: controlValidators() }), run);
  return chain;
}
