// Simulation (sandbox only): events created on demand for the calling client, stored and pushed to its
// webhooks, and a simulated data set that can be added and removed again.
import type { HandlerContext, HandlerMap } from "../http/handler.js";
import { ApiError } from "../http/errors.js";
import { refuse } from "../domain/refusals.js";
import { locationLpcPayload, resourceLpcPayload, type Resolved } from "../domain/events/lpc.js";
import { defaultPriceCurveTargets, priceCurvePayload, unknownPriceCurveTarget } from "../domain/events/price-curve.js";
import { userEligibilityPayload } from "../domain/events/user-eligibility.js";
import { simulatedPlan } from "../domain/partner-simulation.js";
import type { Resource } from "../state/state.js";
import type { Schema, SparkEventPayload } from "../../spec/types.js";

const SIMULATED_HEAD = Buffer.from('{"simulatedEvent":');
const CLOSE = Buffer.from("}");

async function simulated(ctx: HandlerContext, clientId: string, payload: SparkEventPayload) {
  const event = await ctx.push.publish(clientId, payload);
  return { status: 200 as const, json: Buffer.concat([SIMULATED_HEAD, event.json, CLOSE]) };
}

/** Everything the client owns: read one request at a time per client (it walks every user; breathe.ts). */
const catalogueOf = (ctx: HandlerContext, clientId: string) => ctx.heavyWork.run(clientId, async () => ctx.store.catalogue(clientId));

/** The client's resource of an id, or undefined. */
async function resourceOrNone(ctx: HandlerContext, clientId: string, resourceId: string): Promise<Resource | undefined> {
  try {
    return await ctx.store.resource(clientId, resourceId);
  } catch (e) {
    if (e instanceof ApiError && e.code === "resource-not-found") return undefined;
    throw e;
  }
}

/** The request's targets, each a location-bound resource of the client at that location (400 otherwise), looked up by id. */
async function namedTargets(ctx: HandlerContext, clientId: string, targets: Schema<"PriceCurveTarget">[]): Promise<Schema<"PriceCurveTarget">[]> {
  const ids = [...new Set(targets.map((t) => t.resourceId))];
  const found = new Map(await Promise.all(ids.map(async (id) => [id, await resourceOrNone(ctx, clientId, id)] as const)));
  // Like the LPC simulations: a target the client does not have is the caller's mistake, not an event.
  const unknown = unknownPriceCurveTarget(targets, (id) => found.get(id));
  if (unknown !== undefined) throw refuse("simulation-target", { problem: unknown });
  return targets;
}

function resolved<T>(r: Resolved<T>): T {
  if (r.problem !== undefined) throw refuse("simulation-target", { problem: r.problem });
  return r.payload;
}

export const simulation: HandlerMap = {
  async PostPriceCurveSimulation(req, ctx) {
    const given = req.body?.targets ?? [];
    // Only the default targets need the whole catalogue (a walk of every user): named ones are looked up by id.
    const targets = given.length > 0 ? await namedTargets(ctx, req.clientId, given) : defaultPriceCurveTargets(await catalogueOf(ctx, req.clientId));
    return simulated(ctx, req.clientId, priceCurvePayload(req.body, targets, ctx.now(req.clientId), ctx.random(req.clientId, "pricecurve")));
  },

  async PostUserEligibilitySimulation(req, ctx) {
    const eligibleNow = (await ctx.store.eligibleUsers(req.clientId)).items;
    const before = await ctx.push.swapAnnouncedEligible(req.clientId, eligibleNow);
    return simulated(ctx, req.clientId, userEligibilityPayload(before, eligibleNow, ctx.now(req.clientId)).payload);
  },

  async PostLPCLocationSimulation(req, ctx) {
    const payload = resolved(locationLpcPayload(req.body.locations, await catalogueOf(ctx, req.clientId), ctx.now(req.clientId), ctx.random(req.clientId, "lpc/locations")));
    return simulated(ctx, req.clientId, payload);
  },

  async PostLPCResourceSimulation(req, ctx) {
    const payload = resolved(resourceLpcPayload(req.body.resources, await catalogueOf(ctx, req.clientId), ctx.now(req.clientId), ctx.random(req.clientId, "lpc/resources")));
    return simulated(ctx, req.clientId, payload);
  },

  async PostTenantDataSimulation(req, ctx) {
    // With a seed, a second data set at the same clock must not repeat the first one's ids: the count of users tells them apart.
    const users = (await ctx.store.users(req.clientId, { start: 0, size: 1 })).total;
    await ctx.store.addSimulated(req.clientId, simulatedPlan(ctx.eligibleAreas, ctx.random(req.clientId, "partner", users)));
    return { status: 201 };
  },

  async DeleteTenantDataSimulation(req, ctx) {
    await ctx.store.removeSimulated(req.clientId);
    return { status: 200 };
  },
};
