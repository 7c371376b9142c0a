// Simulation (sandbox only): events created on demand for the calling client, stored and pushed to its
// webhooks, and a simulated data set that can be added and removed again.
import type { HandlerMap, MockContext } from "../context.js";
import { ApiError } from "../errors.js";
import type { Catalogue } from "../events/catalogue.js";
import { locationLpcPayload, resourceLpcPayload, type Resolved } from "../events/lpc.js";
import { priceCurvePayload } from "../events/price-curve.js";
import { userEligibilityPayload } from "../events/user-eligibility.js";
import { createSimulatedData, removeSimulatedData } from "../partner-simulation.js";
import { locationsById, resourcesById } from "../store.js";
import type { SparkEventPayload } from "../../spec/types.js";

/** What the client owns, as the event generators see it. */
export function catalogueOf(ctx: MockContext, clientId: string): Catalogue {
  const data = ctx.store.data(clientId);
  const catalogue: Catalogue = { resources: [], locations: [], enrolledUserIds: new Set() };
  const enrolled = new Set<string>();
  for (const user of data.users.values()) {
    if (user.enrollment) enrolled.add(user.userId);
    for (const l of locationsById.values(user.locations)) catalogue.locations.push({ locationId: l.locationId, userId: l.userId, meterPointIds: l.meterPointIds });
    for (const r of resourcesById.values(user.resources))
      if (r.locationId !== null) catalogue.resources.push({ resourceId: r.resourceId, userId: r.userId, locationId: r.locationId, meterPointId: r.meterPointId });
  }
  catalogue.enrolledUserIds = enrolled;
  return catalogue;
}

const NOTHING_OWNED: Catalogue = { resources: [], locations: [], enrolledUserIds: new Set() };

const SIMULATED_HEAD = Buffer.from('{"simulatedEvent":');
const CLOSE = Buffer.from("}");

function simulated(ctx: MockContext, clientId: string, payload: SparkEventPayload) {
  const event = ctx.push.publish(clientId, payload);
  return { status: 200 as const, json: Buffer.concat([SIMULATED_HEAD, event.json, CLOSE]) };
}

function resolved<T>(r: Resolved<T>): T {
  if (r.problem !== undefined) throw new ApiError(400, "invalid-simulation", r.problem);
  return r.payload;
}

export const simulation: HandlerMap = {
  PostPriceCurveSimulation(req, ctx) {
    // The catalogue walks every user of the client; it is only read when the request leaves the targets out.
    const targetsGiven = (req.body?.targets?.length ?? 0) > 0;
    const catalogue = targetsGiven ? NOTHING_OWNED : catalogueOf(ctx, req.clientId);
    return simulated(ctx, req.clientId, priceCurvePayload(req.body, catalogue, ctx.now(req.clientId), Math.random));
  },

  PostUserEligibilitySimulation(req, ctx) {
    const client = ctx.push.client(req.clientId);
    const eligibleNow = [...ctx.store.data(req.clientId).eligibleUsers];
    const { payload, eligible } = userEligibilityPayload(client.eligibleAtLastEvent, eligibleNow, ctx.now(req.clientId));
    client.eligibleAtLastEvent = eligible;
    return simulated(ctx, req.clientId, payload);
  },

  PostLPCLocationSimulation(req, ctx) {
    const payload = resolved(locationLpcPayload(req.body.locations, catalogueOf(ctx, req.clientId), ctx.now(req.clientId), Math.random));
    return simulated(ctx, req.clientId, payload);
  },

  PostLPCResourceSimulation(req, ctx) {
    const payload = resolved(resourceLpcPayload(req.body.resources, catalogueOf(ctx, req.clientId), ctx.now(req.clientId), Math.random));
    return simulated(ctx, req.clientId, payload);
  },

  PostTenantDataSimulation(req, ctx) {
    ctx.push.client(req.clientId).simulated.push(createSimulatedData(ctx.store, req.clientId, ctx.eligibleAreas));
    return { status: 201 };
  },

  DeleteTenantDataSimulation(req, ctx) {
    const sets = ctx.push.client(req.clientId).simulated;
    for (const set of sets.splice(0)) removeSimulatedData(ctx.store, req.clientId, set);
    return { status: 200 };
  },
};
