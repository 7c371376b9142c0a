// Removing: each kind of object is deleted by the flow and read back (404); deleting a location removes its
// resources; deleting a user removes the user. What is left is deleted by the clean-up.
import type { Schema } from "../../spec/types.js";
import { fail } from "../client.js";
import { present, type Step } from "../step.js";

type GetUserResourcesResponse = Schema<"GetUserResourcesResponse">;

export const removalSteps: Step[] = [
  {
    name: "DeleteResourceById [then GetResourceById → 404]",
    operationId: "DeleteResourceById",
    safe: false,
    needs: ["PostVehicle"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const resourceId = present(ctx.state.vehicle, "vehicle").resourceId;
      await ctx.call("DeleteResourceById", 204, { params: { resourceId } });
      ctx.untrack("DeleteResourceById", { resourceId });
      ctx.state.vehicle = undefined;
      await ctx.call("GetResourceById", 404, { params: { resourceId } }, "the resource was deleted");
      const list = await ctx.call("GetResourcesForUser", 200, { params: { userId } });
      if ((list.body as GetUserResourcesResponse).resources.some((r) => r.resourceId === resourceId)) fail(list, `the user's resources still list ${resourceId}, which was deleted`);
    },
  },
  {
    name: "DeleteLocation [then its resources → 404]",
    operationId: "DeleteLocation",
    safe: false,
    needs: ["PostLocationBoundResource"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const locationId = present(ctx.state.spareLocation, "second location").locationId;
      const resourceId = present(ctx.state.spareResource, "second resource").resourceId;
      await ctx.call("DeleteLocation", 204, { params: { userId, locationId } });
      ctx.untrack("DeleteLocation", { userId, locationId });
      ctx.state.spareLocation = undefined;
      await ctx.call("GetLocationByLocationId", 404, { params: { userId, locationId } }, "the location was deleted");
      await ctx.call("GetResourceById", 404, { params: { resourceId } }, "its location was deleted, and with it its resources");
      ctx.untrack("DeleteResourceById", { resourceId });
      ctx.state.spareResource = undefined;
    },
  },
  {
    name: "DeleteWebhookById [then GetWebhookById → 404]",
    operationId: "DeleteWebhookById",
    safe: false,
    needs: ["PostWebhook"],
    async run(ctx) {
      const webhookId = present(ctx.state.otherWebhooks?.[0], "second webhook").webhookId;
      await ctx.call("DeleteWebhookById", 204, { params: { webhookId } });
      ctx.untrack("DeleteWebhookById", { webhookId });
      ctx.state.otherWebhooks = [];
      await ctx.call("GetWebhookById", 404, { params: { webhookId } }, "the webhook was deleted");
    },
  },
  {
    name: "DeleteUserById [then GetUserById → 404]",
    operationId: "DeleteUserById",
    safe: false,
    needs: ["PostUsers"],
    async run(ctx) {
      const users = present(ctx.state.batchUsers, "batch users");
      const userId = users[users.length - 1]!;
      await ctx.call("DeleteUserById", 204, { params: { userId } });
      (ctx.state.deletedUsers ??= []).push(userId);
      ctx.untrack("DeleteUserById", { userId });
      for (const l of (ctx.state.batchLocations ?? []).filter((l) => l.userId === userId)) ctx.untrack("DeleteLocation", { userId, locationId: l.locationId });
      await ctx.call("GetUserById", 404, { params: { userId } }, "the user was deleted");
      await ctx.call("GetLocationsByUserId", 404, { params: { userId } }, "the user was deleted, and with it its locations");
    },
  },
];
