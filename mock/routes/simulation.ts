// Simulation (sandbox only): events created on demand for the calling client, stored and pushed to its
// webhooks, and a simulated data set that can be added and removed again.
import type { HandlerMap, MockContext } from "../context.js";
import { ApiError } from "../errors.js";
import type { Catalogue } from "../events/catalogue.js";
import { locationLpcPayload, resourceLpcPayload, type Resolved } from "../events/lpc.js";
import { priceCurvePayload } from "../events/price-curve.js";
import { userEligibilityPayload } from "../events/user-eligibility.js";
import { simulatedPlan } from "../partner-simulation.js";
import type { SparkEventPayload } from "../../spec/types.js";

const NOTHING_OWNED: Catalogue = { resources: [], locations: [], enrolledUserIds: new Set() };

const SIMULATED_HEAD = Buffer.from('{"simulatedEvent":');
const CLOSE = Buffer.from("}");

async function simulated(ctx: MockContext, clientId: string, payload: SparkEventPayload) {
  const event = await ctx.push.publish(clientId, payload);
  return { status: 200 as const, json: Buffer.concat([SIMULATED_HEAD, event.json, CLOSE]) };
}

/** Everything the client owns: read one request at a time per client (it walks every user; breathe.ts). */
const catalogueOf = (ctx: MockContext, clientId: string) => ctx.heavyWork.run(clientId, async () => ctx.store.catalogue(clientId));

function resolved<T>(r: Resolved<T>): T {
  if (r.problem !== undefined) throw new ApiError(400, "invalid-simulation", r.problem);
  return r.payload;
}

export const simulation: HandlerMap = {
  async PostPriceCurveSimulation(req, ctx) {
    // The catalogue walks every user of the client; it is only read when the request leaves the targets out.
    const targetsGiven = (req.body?.targets?.length ?? 0) > 0;
    const catalogue = targetsGiven ? NOTHING_OWNED : await catalogueOf(ctx, req.clientId);
    return simulated(ctx, req.clientId, priceCurvePayload(req.body, catalogue, ctx.now(req.clientId), Math.random));
  },

  async PostUserEligibilitySimulation(req, ctx) {
    const eligibleNow = (await ctx.store.eligibleUsers(req.clientId)).items;
    const before = await ctx.push.swapAnnouncedEligible(req.clientId, eligibleNow);
    return simulated(ctx, req.clientId, userEligibilityPayload(before, eligibleNow, ctx.now(req.clientId)).payload);
  },

  async PostLPCLocationSimulation(req, ctx) {
    const payload = resolved(locationLpcPayload(req.body.locations, await catalogueOf(ctx, req.clientId), ctx.now(req.clientId), Math.random));
    return simulated(ctx, req.clientId, payload);
  },

  async PostLPCResourceSimulation(req, ctx) {
    const payload = resolved(resourceLpcPayload(req.body.resources, await catalogueOf(ctx, req.clientId), ctx.now(req.clientId), Math.random));
    return simulated(ctx, req.clientId, payload);
  },

  async PostTenantDataSimulation(req, ctx) {
    await ctx.store.addSimulated(req.clientId, simulatedPlan(ctx.eligibleAreas));
    return { status: 201 };
  },

  async DeleteTenantDataSimulation(req, ctx) {
    await ctx.store.removeSimulated(req.clientId);
    return { status: 200 };
  },
};
