// Isolation: a second client sees none of the first client's objects, neither by id nor in lists.
import type { TokenResponse } from "../../spec/types.js";
import { expectStatus, fail } from "../client.js";
import { present, skip, type Step } from "../step.js";
import { allUserIds } from "./lists.js";

const SECOND = "RequestToken [second client]";
const NOT_YOURS = "another client's object";

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
  {
    name: "GetUserById [second client → 404]",
    operationId: "GetUserById",
    safe: true,
    needs: [SECOND, "PostUser"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      await ctx.call("GetUserById", 404, { token: ctx.token("second"), params: { userId } }, NOT_YOURS);
    },
  },
  {
    name: "GetLocationByLocationId [second client → 404]",
    operationId: "GetLocationByLocationId",
    safe: true,
    needs: [SECOND, "PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const locationId = present(ctx.state.location, "location").locationId;
      await ctx.call("GetLocationByLocationId", 404, { token: ctx.token("second"), params: { userId, locationId } }, NOT_YOURS);
    },
  },
  {
    name: "GetResourceById [second client → 404]",
    operationId: "GetResourceById",
    safe: true,
    needs: [SECOND, "PostLocationBoundResource"],
    async run(ctx) {
      const resourceId = present(ctx.state.resource, "resource").resourceId;
      await ctx.call("GetResourceById", 404, { token: ctx.token("second"), params: { resourceId } }, NOT_YOURS);
    },
  },
  {
    name: "GetWebhookById [second client → 404]",
    operationId: "GetWebhookById",
    safe: true,
    needs: [SECOND, "PostWebhook"],
    async run(ctx) {
      const webhookId = present(ctx.state.webhook, "webhook").webhookId;
      await ctx.call("GetWebhookById", 404, { token: ctx.token("second"), params: { webhookId } }, NOT_YOURS);
    },
  },
  {
    name: "GetUsers [second client lists none of them]",
    operationId: "GetUsers",
    safe: true,
    needs: [SECOND, "PostUser"],
    async run(ctx) {
      const own = [present(ctx.state.userId, "user"), ctx.state.siblingUserId].filter((id): id is string => id !== undefined);
      const { ids, last } = await allUserIds(ctx, "second");
      const leaked = own.filter((id) => ids.has(id));
      if (leaked.length > 0) fail(last, `the second client's user list holds the first client's user(s) ${leaked.join(", ")}`);
    },
  },
  {
    name: "GetAllEvents [second client lists none of them]",
    operationId: "GetAllEvents",
    safe: true,
    needs: [SECOND, "PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      const res = await ctx.call("GetAllEvents", 200, { token: ctx.token("second"), query: { page: 1, pageSize: 100 } });
      const index = (res.body.events ?? []).findIndex((e) => e.id === event.id);
      if (index >= 0) fail(res, `the second client's event list holds the first client's event ${event.id}`, [{ field: `body.events[${index}]`, pointer: `/events/${index}`, message: "belongs to another client" }]);
    },
  },
];
