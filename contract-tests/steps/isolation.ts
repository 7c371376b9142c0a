// Isolation: a second client sees none of the first client's objects, neither by id nor in any list, and can change
// none of them (each answers 404, as for an object that does not exist).
import type { OperationId, TokenResponse } from "../../spec/types.js";
import { expectStatus, fail, type Checked } from "../client.js";
import { present, skip, type FlowContext, type Step } from "../step.js";
import { reportOn } from "./events.js";
import { allUserIds } from "./lists.js";
import { allEligible } from "./programme.js";
import { idsOf } from "./statuses.js";

const SECOND = "RequestToken [second client]";
const NOT_YOURS = "another client's object";

/** The first client's objects, as the second client asks for them. */
function byIdStep(operationId: OperationId, needs: string[], body?: (ctx: FlowContext) => unknown, query?: Record<string, string | boolean>): Step {
  const write = body !== undefined || /^(Post|Delete|Update|Patch)/.test(operationId);
  return {
    name: `${operationId} [second client → 404]`,
    operationId,
    safe: !write,
    needs: [SECOND, ...needs],
    concurrent: true,
    async run(ctx) {
      const undeclared = ctx.api.undeclared(operationId, 404);
      if (undeclared) return skip(undeclared);
      const json = body?.(ctx);
      const res = await ctx.loose(operationId, { token: ctx.token("second"), params: idsOf(ctx), ...(json !== undefined ? { json } : {}), ...(query ? { query } : {}) });
      expectStatus(res, 404, NOT_YOURS);
    },
  };
}

/** Fails when a list the second client reads holds any of the first client's ids. */
function expectNone(res: Checked, listed: Iterable<string>, own: readonly string[], what: string): void {
  const seen = new Set(listed);
  const leaked = own.filter((id) => seen.has(id));
  if (leaked.length > 0) fail(res, `the second client's ${what} holds the first client's ${leaked.join(", ")}`);
}

const USER = ["PostUser"];
const LOCATION = ["PostLocation"];
const RESOURCE = ["PostLocationBoundResource"];
const WEBHOOK = ["PostWebhook"];

export const isolationSteps: Step[] = [
  {
    name: SECOND,
    operationId: "RequestToken",
    safe: true,
    needs: [],
    async run(ctx) {
      if (!ctx.second) return skip("no second client (--client2-id, --client2-secret)");
      const res = expectStatus(await ctx.api.requestToken<TokenResponse>(ctx.second.id, ctx.second.secret), 200);
      ctx.state.secondToken = res.body.access_token;
    },
  },
  // Reads by id
  byIdStep("GetUserById", USER),
  byIdStep("GetLocationsByUserId", USER),
  byIdStep("GetLocationByLocationId", LOCATION),
  byIdStep("GetResourceById", RESOURCE),
  byIdStep("GetResourcesForUser", USER),
  byIdStep("GetLocationBoundResources", LOCATION),
  byIdStep("GetUserEnrollmentByUserId", USER),
  byIdStep("GetUserEligibilityByUserId", USER),
  byIdStep("FetchUserCompensation", USER),
  byIdStep("GetEventById", ["PostPriceCurveSimulation"]),
  byIdStep("GetWebhookById", WEBHOOK),
  byIdStep("GetWebhookNotificationLogById", ["GetWebhookNotificationLogs"]),
  // Lists
  {
    name: "GetUsers [second client lists none of them]",
    operationId: "GetUsers",
    safe: true,
    needs: [SECOND, "PostUser"],
    async run(ctx) {
      const own = [present(ctx.state.userId, "user"), ctx.state.siblingUserId, ctx.state.thirdUserId, ...(ctx.state.batchUsers ?? [])].filter((id): id is string => id !== undefined);
      const { ids, last } = await allUserIds(ctx, "second");
      expectNone(last, ids, own, "user list");
    },
  },
  {
    name: "GetEligibleUsers [second client lists none of them]",
    operationId: "GetEligibleUsers",
    safe: true,
    needs: [SECOND, "PostLocations"],
    async run(ctx) {
      const { ids, last } = await allEligible(ctx, "second");
      expectNone(last, ids, present(ctx.state.batchUsers, "batch users"), "eligible users");
    },
  },
  {
    name: "GetAllEvents [second client lists none of them]",
    operationId: "GetAllEvents",
    safe: true,
    needs: [SECOND, "PostPriceCurveSimulation"],
    async run(ctx) {
      const res = await ctx.call("GetAllEvents", 200, { token: ctx.token("second"), query: { page: 1, pageSize: 100 } });
      expectNone(res, (res.body.events ?? []).map((e) => e.id), (ctx.state.events ?? []).map((e) => e.id), "event list");
    },
  },
  {
    name: "GetWebhooks [second client lists none of them]",
    operationId: "GetWebhooks",
    safe: true,
    needs: [SECOND, "PostWebhook"],
    async run(ctx) {
      const res = await ctx.call("GetWebhooks", 200, { token: ctx.token("second") });
      const own = [ctx.state.webhook, ...(ctx.state.otherWebhooks ?? []), ctx.state.delivery?.webhook].flatMap((w) => (w ? [w.webhookId] : []));
      expectNone(res, res.body.webhooks.map((w) => w.webhookId), own, "webhook list");
    },
  },
  {
    name: "GetWebhookNotificationLogs [second client lists none of them]",
    operationId: "GetWebhookNotificationLogs",
    safe: true,
    needs: [SECOND, "GetWebhookNotificationLogs"],
    async run(ctx) {
      const webhookId = ctx.state.delivery?.webhook.webhookId;
      if (!webhookId) return skip(ctx.delivery.unavailable ? `deliveries not checked: ${ctx.delivery.unavailable}` : "no delivery webhook");
      for (const query of [{ webhookId, page: 1, pageSize: 1000 }, { page: 1, pageSize: 1000 }]) {
        const res = await ctx.call("GetWebhookNotificationLogs", 200, { token: ctx.token("second"), query });
        expectNone(res, (res.body.webhookNotificationLogs ?? []).map((l) => l.webhookId), [webhookId], "delivery logs");
      }
    },
  },
  {
    name: "PostReport [second client, first client's event → 400]",
    operationId: "PostReport",
    safe: false,
    needs: [SECOND, "PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      await ctx.call("PostReport", 400, { token: ctx.token("second"), body: reportOn(ctx, event) }, "the event and the resource are another client's");
    },
  },
  // Writes: each answers 404 and changes nothing (the read-backs after the removal steps would show it)
  byIdStep("PostLocation", USER, (ctx) => ({ locationId: ctx.id(), locationType: "Residential" })),
  byIdStep("PostVehicle", USER, (ctx) => ({ resourceId: ctx.id(), resourceType: "Vehicle" })),
  byIdStep("PostLocationBoundResource", LOCATION, (ctx) => ({ resourceId: ctx.id(), resourceType: "HotWaterTank" })),
  byIdStep("PatchLocation", LOCATION, () => ({ locationType: "Other" })),
  byIdStep("UpdateLocation", LOCATION, (ctx) => ({ locationId: idsOf(ctx).locationId, locationType: "Other" })),
  byIdStep("PostUserEnrollment", ["PostLocations"]),
  byIdStep("DeleteUserEnrollment", USER),
  byIdStep("PatchWebhookById", WEBHOOK, () => ({ name: "taken over" })),
  byIdStep("UpdateWebhookById", WEBHOOK, () => ({ webhookUrl: "https://contract-tests.invalid/taken-over" })),
  byIdStep("UpdateWebhookEnabledById", WEBHOOK, undefined, { enabled: false }),
  byIdStep("DeleteResourceById", RESOURCE),
  byIdStep("DeleteLocation", LOCATION),
  byIdStep("DeleteWebhookById", WEBHOOK),
  byIdStep("DeleteUserById", USER),
];
