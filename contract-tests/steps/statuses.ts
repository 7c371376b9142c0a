// Every declared status a black-box client can provoke, at least once each: 401 on every operation (a garbage token),
// 413 and 415 on every operation that takes a body, 400 for each operation with a body or a constrained parameter,
// 404 for an unknown parent or object, 409 for a duplicate (single and batch). What no request can cause is listed
// in coverage.ts with the reason.
import type { OperationId } from "../../spec/types.js";
import type { LooseCall } from "../client.js";
import { expectStatus } from "../client.js";
import { skip, type Created, type FlowContext, type Step } from "../step.js";

/** A request made to get one status out of one operation. */
export interface Provocation {
  operationId: OperationId;
  status: number;
  /** What is wrong with the request, shown in the step's name and in a failure. */
  why: string;
  needs: string[];
  request(ctx: FlowContext): Omit<LooseCall, "token"> & { token?: string | null };
  /** What the target would have created had it wrongly accepted the request, for the clean-up. */
  creates?(ctx: FlowContext, call: Omit<LooseCall, "token">): Created | undefined;
}

/** The flow's objects by path parameter name, or fresh ids nobody registered. */
export function idsOf(ctx: FlowContext): Record<string, string> {
  const s = ctx.state;
  return {
    userId: s.userId ?? ctx.id(),
    locationId: s.location?.locationId ?? ctx.id(),
    resourceId: s.resource?.resourceId ?? ctx.id(),
    webhookId: s.webhook?.webhookId ?? ctx.id(),
    eventId: s.event?.id ?? ctx.id(),
    notificationId: s.notificationId ?? ctx.id(),
    mpid: s.location?.meterPointIds[0] ?? "707057500000000000",
  };
}

/** Fresh ids for every path parameter: nothing exists under them. */
export function unknownIds(ctx: FlowContext): Record<string, string> {
  return { userId: ctx.id(), locationId: ctx.id(), resourceId: ctx.id(), webhookId: ctx.id(), eventId: ctx.id(), notificationId: ctx.id(), mpid: "707057599999999999" };
}

/** Turns a provocation into a step: `PostUser [no userId → 400]`. */
export function provocationStep(p: Provocation, safe = false): Step {
  return {
    name: `${p.operationId} [${p.why} → ${p.status}]`,
    operationId: p.operationId,
    safe,
    needs: p.needs,
    concurrent: true,
    async run(ctx) {
      const undeclared = ctx.api.undeclared(p.operationId, p.status);
      if (undeclared) return skip(undeclared);
      const call = p.request(ctx);
      const res = await ctx.loose(p.operationId, call);
      const created = p.creates?.(ctx, call);
      if (created) ctx.track(res, { ...created, uncertain: true });
      // A deployment without the sandbox's simulations answers 404 to all of them, as the simulation steps expect.
      if (res.status === 404 && p.status !== 404 && SIMULATIONS.includes(p.operationId)) return skip("not offered");
      expectStatus(res, p.status, p.why);
    },
  };
}

const SIMULATIONS: OperationId[] = ["PostPriceCurveSimulation", "PostUserEligibilitySimulation", "PostLPCLocationSimulation", "PostLPCResourceSimulation", "PostTenantDataSimulation", "DeleteTenantDataSimulation"];

/** Operations and whether they take a JSON body (so declare 413 and 415). */
const OPERATIONS: Record<Exclude<OperationId, "RequestToken" | "ReceiveEventNotification">, boolean> = {
  GetAllEvents: false,
  GetEventById: false,
  PostReport: true,
  GetResourceById: false,
  DeleteResourceById: false,
  PostPriceCurveSimulation: true,
  PostUserEligibilitySimulation: false,
  PostLPCLocationSimulation: true,
  PostLPCResourceSimulation: true,
  PostTenantDataSimulation: false,
  DeleteTenantDataSimulation: false,
  GetUsers: false,
  PostUser: true,
  GetUserById: false,
  DeleteUserById: false,
  PostUsers: true,
  GetLocationsByUserId: false,
  PostLocation: true,
  GetLocationByLocationId: false,
  UpdateLocation: true,
  DeleteLocation: false,
  PatchLocation: true,
  PostLocations: true,
  PostVehicle: true,
  GetResourcesForUser: false,
  GetLocationBoundResources: false,
  PostLocationBoundResource: true,
  GetUserEnrollmentByUserId: false,
  PostUserEnrollment: false,
  DeleteUserEnrollment: false,
  GetUserEligibilityByUserId: false,
  GetEligibleUsers: false,
  FetchUserCompensation: false,
  GetMpidEligibility: false,
  GetWebhooks: false,
  PostWebhook: true,
  GetWebhookById: false,
  UpdateWebhookById: true,
  DeleteWebhookById: false,
  PatchWebhookById: true,
  UpdateWebhookEnabledById: false,
  GetWebhookNotificationLogs: false,
  GetWebhookNotificationLogById: false,
};
const ALL = Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[];
const WITH_BODY = ALL.filter((op) => OPERATIONS[op]);

/** A JSON body larger than any API accepts (the mock's limit is 1 MiB). */
const TOO_LARGE = JSON.stringify({ padding: "x".repeat(1_100_000) });

// The registration the 400/404/409 requests refer to.
const REGISTERED = ["PostLocationBoundResource", "PostWebhook"];

const badRequests: Provocation[] = [
  { operationId: "GetAllEvents", status: 400, why: "page 0", needs: ["RequestToken"], request: () => ({ query: { page: 0 } }) },
  { operationId: "GetUsers", status: 400, why: "pageSize 1001", needs: ["RequestToken"], request: () => ({ query: { pageSize: 1001 } }) },
  { operationId: "GetEligibleUsers", status: 400, why: "page 0", needs: ["RequestToken"], request: () => ({ query: { page: 0 } }) },
  { operationId: "GetWebhookNotificationLogs", status: 400, why: "pageSize 0", needs: ["RequestToken"], request: () => ({ query: { pageSize: 0 } }) },
  { operationId: "PostPriceCurveSimulation", status: 400, why: "priceArea XX9", needs: ["RequestToken"], request: () => ({ json: { priceArea: "XX9" } }) },
  { operationId: "PostLPCLocationSimulation", status: 400, why: "an unknown location", needs: ["RequestToken"], request: (ctx) => ({ json: { locations: [{ location: { locationId: ctx.id() } }] } }) },
  { operationId: "PostLPCResourceSimulation", status: 400, why: "an unknown resource", needs: ["RequestToken"], request: (ctx) => ({ json: { resources: [{ resource: { resourceId: ctx.id() } }] } }) },
  { operationId: "PostUser", status: 400, why: "no userId", needs: ["RequestToken"], request: () => ({ json: {} }) },
  { operationId: "PostUsers", status: 400, why: "an item without userId", needs: ["RequestToken"], request: () => ({ json: { users: [{}] } }) },
  {
    operationId: "UpdateLocation",
    status: 400,
    why: "a locationId other than the path's",
    needs: REGISTERED,
    request: (ctx) => ({ params: idsOf(ctx), json: { locationId: ctx.id(), locationType: "Residential" } }),
  },
  { operationId: "PatchLocation", status: 400, why: "locationType Spaceship", needs: REGISTERED, request: (ctx) => ({ params: idsOf(ctx), json: { locationType: "Spaceship" } }) },
  { operationId: "PostLocations", status: 400, why: "an item without userId", needs: ["RequestToken"], request: (ctx) => ({ json: { locations: [{ locationId: ctx.id() }] } }) },
  {
    operationId: "PostVehicle",
    status: 400,
    why: "resourceType Boat",
    needs: REGISTERED,
    request: (ctx) => ({ params: idsOf(ctx), json: { resourceId: ctx.id(), resourceType: "Boat" } }),
    creates: (_, call) => resourceOf(call.json),
  },
  {
    operationId: "PostLocationBoundResource",
    status: 400,
    why: "resourceType Spaceship",
    needs: REGISTERED,
    request: (ctx) => ({ params: idsOf(ctx), json: { resourceId: ctx.id(), resourceType: "Spaceship" } }),
    creates: (_, call) => resourceOf(call.json),
  },
  {
    operationId: "PostWebhook",
    status: 400,
    why: "a webhookUrl that is not a URL",
    needs: ["RequestToken"],
    request: () => ({ json: { webhookUrl: "not a url", notificationTypes: ["LPCReservationCreated"] } }),
  },
  { operationId: "UpdateWebhookById", status: 400, why: "no webhookUrl", needs: REGISTERED, request: (ctx) => ({ params: idsOf(ctx), json: { name: ctx.id() } }) },
  { operationId: "PatchWebhookById", status: 400, why: "notificationType Nope", needs: REGISTERED, request: (ctx) => ({ params: idsOf(ctx), json: { notificationTypes: ["Nope"] } }) },
  { operationId: "UpdateWebhookEnabledById", status: 400, why: "enabled=maybe", needs: REGISTERED, request: (ctx) => ({ params: idsOf(ctx), query: { enabled: "maybe" } }) },
];

function resourceOf(body: unknown): Created | undefined {
  const id = typeof body === "object" && body !== null && "resourceId" in body ? body.resourceId : undefined;
  return typeof id === "string" ? { operationId: "DeleteResourceById", params: { resourceId: id }, as: "client" } : undefined;
}

/** 404: an id nobody registered, or an unknown parent under the flow's own user. */
const notFound: Provocation[] = (
  [
    ["GetEventById", "an unknown event"],
    ["GetResourceById", "an unknown resource"],
    ["DeleteResourceById", "an unknown resource"],
    ["DeleteUserById", "an unknown user"],
    ["GetLocationsByUserId", "an unknown user"],
    ["PostLocation", "an unknown user", (ctx: FlowContext) => ({ locationId: ctx.id(), locationType: "Residential" })],
    ["GetLocationByLocationId", "an unknown location"],
    ["UpdateLocation", "an unknown location", null],
    ["DeleteLocation", "an unknown location"],
    ["PatchLocation", "an unknown location", () => ({ locationType: "Other" })],
    ["PostVehicle", "an unknown user", (ctx: FlowContext) => ({ resourceId: ctx.id(), resourceType: "Vehicle" })],
    ["GetResourcesForUser", "an unknown user"],
    ["GetLocationBoundResources", "an unknown location"],
    ["PostLocationBoundResource", "an unknown location", (ctx: FlowContext) => ({ resourceId: ctx.id(), resourceType: "HotWaterTank" })],
    ["GetUserEnrollmentByUserId", "an unknown user"],
    ["PostUserEnrollment", "an unknown user"],
    ["DeleteUserEnrollment", "an unknown user"],
    ["GetUserEligibilityByUserId", "an unknown user"],
    ["FetchUserCompensation", "an unknown user"],
    ["GetWebhookById", "an unknown webhook"],
    ["UpdateWebhookById", "an unknown webhook", () => ({ webhookUrl: "https://contract-tests.invalid/put" })],
    ["DeleteWebhookById", "an unknown webhook"],
    ["PatchWebhookById", "an unknown webhook", () => ({ name: "patched" })],
    ["UpdateWebhookEnabledById", "an unknown webhook"],
    ["GetWebhookNotificationLogById", "an unknown notification"],
  ] as const
).map(([operationId, why, body]): Provocation => ({
  operationId,
  status: 404,
  why,
  needs: ["PostUser"],
  request(ctx) {
    // An unknown location is looked for under the flow's own user, so that it is the location that is missing.
    const params = why === "an unknown location" ? { ...unknownIds(ctx), userId: ctx.state.userId ?? ctx.id() } : unknownIds(ctx);
    const json = body === null ? { locationId: params.locationId, locationType: "Residential" } : body?.(ctx);
    return { params, ...(json !== undefined ? { json } : {}), ...(operationId === "UpdateWebhookEnabledById" ? { query: { enabled: true } } : {}) };
  },
  creates: (_, call) => (operationId === "PostLocationBoundResource" || operationId === "PostVehicle" ? resourceOf(call.json) : undefined),
}));

notFound.push({
  operationId: "PostLocations",
  status: 404,
  why: "an item of an unknown user",
  needs: ["RequestToken"],
  request: (ctx) => ({ json: { locations: [{ userId: ctx.id(), locationId: ctx.id(), locationType: "Residential" }] } }),
});

const conflicts: Provocation[] = [
  { operationId: "PostUser", status: 409, why: "a userId that exists", needs: ["PostUser"], request: (ctx) => ({ json: { userId: ctx.state.userId } }) },
  {
    operationId: "PostUsers",
    status: 409,
    why: "a batch with a userId that exists",
    needs: ["PostUser"],
    request: (ctx) => ({ json: { users: [{ userId: ctx.id() }, { userId: ctx.state.userId }] } }),
    creates: (_, call) => {
      const users = (call.json as { users: { userId: string }[] }).users;
      return { operationId: "DeleteUserById", params: { userId: users[0]!.userId }, as: "client" };
    },
  },
  {
    operationId: "PostLocations",
    status: 409,
    why: "a batch with a location that exists",
    needs: ["PostLocations"],
    request: (ctx) => {
      const [first] = ctx.state.batchLocations ?? [];
      return { json: { locations: [{ userId: first?.userId ?? ctx.id(), locationId: first?.locationId ?? ctx.id(), locationType: "Residential" }] } };
    },
  },
  { operationId: "PostVehicle", status: 409, why: "a resourceId that exists", needs: ["PostVehicle"], request: (ctx) => ({ params: idsOf(ctx), json: { resourceId: ctx.state.vehicle?.resourceId, resourceType: "Vehicle" } }) },
  {
    operationId: "PostLocationBoundResource",
    status: 409,
    why: "a resourceId that exists",
    needs: ["PostLocationBoundResource"],
    request: (ctx) => ({ params: idsOf(ctx), json: { resourceId: ctx.state.resource?.resourceId, resourceType: "HotWaterTank" } }),
  },
];

/** 401 with a token the target never issued, on every operation; 413 and 415 on every operation with a body. */
const generic: Provocation[] = [
  ...ALL.map((operationId): Provocation => ({
    operationId,
    status: 401,
    why: "a garbage token",
    needs: [],
    request: (ctx) => ({ params: unknownIds(ctx), token: `garbage-${ctx.id()}`, ...(operationId === "UpdateWebhookEnabledById" ? { query: { enabled: true } } : {}) }),
  })),
  ...WITH_BODY.map((operationId): Provocation => ({
    operationId,
    status: 413,
    why: "a body over 1 MiB",
    needs: REGISTERED,
    request: (ctx) => ({ params: idsOf(ctx), raw: { contentType: "application/json", text: TOO_LARGE } }),
  })),
  ...WITH_BODY.map((operationId): Provocation => ({
    operationId,
    status: 415,
    why: "a text/plain body",
    needs: REGISTERED,
    request: (ctx) => ({ params: idsOf(ctx), raw: { contentType: "text/plain", text: "not json" } }),
  })),
];

export const statusSteps: Step[] = [...badRequests, ...notFound, ...conflicts].map((p) => provocationStep(p));
/** A read with a garbage token runs under --read-only too (which sends nothing but reads and the token request). */
export const authSteps: Step[] = generic.map((p) => provocationStep(p, p.status === 401 && /^(Get|Fetch)/.test(p.operationId)));
