// What the control API does, callable without HTTP too (the startMock handle uses these directly). Each acts on
// one client only.
import type { Clock, DeliveryResult, Faults, SetClockRequest } from "../../spec/control-types.js";
import { addDuration, CLOCK_MAX_MS, CLOCK_MIN_MS } from "../state/clock.js";
import type { MockContext } from "../context.js";
import { ApiError } from "../http/errors.js";
import { seedProblem } from "../domain/events/random.js";
import { faultsProblems } from "../faults/faults.js";

/**
 * Removes all of the client's data, pending deliveries and journal and puts its faults back to the mock's defaults;
 * its tokens stay, and its clock unless `clock`.
 */
export async function resetClient(ctx: MockContext, clientId: string, options: { clock?: boolean } = {}): Promise<void> {
  await ctx.faults.reset(clientId);
  await ctx.journal.clear(clientId);
  await ctx.push.clear(clientId);
  await ctx.store.clear(clientId);
  if (options.clock) {
    ctx.clocks.reset(clientId);
    await ctx.clocks.saved(clientId);
  }
}

const RANGE = `between ${new Date(CLOCK_MIN_MS).toISOString()} and ${new Date(CLOCK_MAX_MS).toISOString()}`;

function invalid(field: string, message: string): ApiError {
  return ApiError.invalid([{ field, pointer: `/${field.slice("body.".length)}`, message }]);
}

/**
 * Sets, advances or freezes the client's clock from a PUT /_mock/clock body (already valid against its schema);
 * a 400 names the field when the result would leave 2000-2100 or `now` and `advance` come together.
 */
export function setClock(ctx: MockContext, clientId: string, body: SetClockRequest): Clock {
  if (body.now !== undefined && body.advance !== undefined) throw invalid("body.advance", "cannot be sent together with body.now; send one of them");
  if (body.randomSeed !== undefined) {
    const problem = body.randomSeed === null ? undefined : seedProblem(body.randomSeed, "body.randomSeed");
    if (problem) throw invalid("body.randomSeed", problem.slice("body.randomSeed ".length));
    if (body.now === undefined && body.advance === undefined && body.frozen === undefined) return ctx.clocks.setSeed(clientId, body.randomSeed);
    ctx.clocks.setSeed(clientId, body.randomSeed);
  }
  let at = ctx.now(clientId);
  if (body.now !== undefined) {
    at = Date.parse(body.now);
    if (!(at >= CLOCK_MIN_MS && at < CLOCK_MAX_MS)) throw invalid("body.now", `must be ${RANGE}`);
  } else if (body.advance !== undefined) {
    const moved = addDuration(at, body.advance);
    if (moved === undefined) throw invalid("body.advance", "must be an ISO 8601 duration such as PT25H or P1D");
    if (!(moved < CLOCK_MAX_MS)) throw invalid("body.advance", `moves the clock past ${new Date(CLOCK_MAX_MS).toISOString()}; it must stay ${RANGE}`);
    at = moved;
  }
  return ctx.clocks.set(clientId, at, body.frozen);
}

/** Replaces the client's faults from a PUT /_mock/faults body (valid against its schema); a 400 names a bad field. */
export function setFaults(ctx: MockContext, clientId: string, body: Faults): Promise<Faults> {
  const issues = faultsProblems(body, new Set(ctx.validators.spec.operations.map((op) => op.operationId)), Date.now());
  if (issues.length > 0) throw ApiError.invalid(issues);
  return ctx.faults.set(clientId, body);
}

/** Runs the client's pending webhook deliveries and retries now. */
export function deliverNow(ctx: MockContext, clientId: string): Promise<DeliveryResult> {
  return ctx.push.deliverNow(clientId);
}
