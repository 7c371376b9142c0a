// Reading back what was registered: every sent field must come back as it was sent.
import { fail } from "../client.js";
import { present, type Step } from "../step.js";
import { expectEcho } from "../comparison.js";
import { expectMirroredMeterPoint } from "./registration.js";

const sorted = (ids: string[]) => [...ids].sort();

export const readbackSteps: Step[] = [
  {
    name: "GetUserById",
    operationId: "GetUserById",
    safe: true,
    needs: ["PostUser"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const res = await ctx.call("GetUserById", 200, { params: { userId } });
      expectEcho(res, { userId }, "the user read back");
    },
  },
  {
    name: "GetLocationsByUserId",
    operationId: "GetLocationsByUserId",
    safe: true,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const location = present(ctx.state.location, "location");
      const res = await ctx.call("GetLocationsByUserId", 200, { params: { userId } });
      expectEcho(res, [location], "the user's locations");
    },
  },
  {
    name: "GetLocationByLocationId",
    operationId: "GetLocationByLocationId",
    safe: true,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const location = present(ctx.state.location, "location");
      const res = await ctx.call("GetLocationByLocationId", 200, { params: { userId, locationId: location.locationId } });
      expectEcho(res, location, "the location read back");
      expectMirroredMeterPoint(res);
      if (res.body.userId != null && res.body.userId !== userId) {
        fail(res, "the location names another user", [{ field: "body.userId", pointer: "/userId", message: `expected ${JSON.stringify(userId)}, got ${JSON.stringify(res.body.userId)}` }]);
      }
    },
  },
  {
    name: "GetResourceById",
    operationId: "GetResourceById",
    safe: true,
    needs: ["PostVehicle", "PostLocationBoundResource"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const vehicle = present(ctx.state.vehicle, "vehicle");
      const resource = present(ctx.state.resource, "resource");
      const locationId = present(ctx.state.location, "location").locationId;
      const v = await ctx.call("GetResourceById", 200, { params: { resourceId: vehicle.resourceId } });
      expectEcho(v, { ...vehicle, userId }, "the vehicle read back");
      if (v.body.locationId != null) {
        fail(v, "a vehicle is bound to no location", [{ field: "body.locationId", pointer: "/locationId", message: `expected null, got ${JSON.stringify(v.body.locationId)}` }]);
      }
      const r = await ctx.call("GetResourceById", 200, { params: { resourceId: resource.resourceId } });
      expectEcho(r, { ...resource, userId, locationId }, "the location-bound resource read back");
    },
  },
  {
    name: "GetResourcesForUser",
    operationId: "GetResourcesForUser",
    safe: true,
    needs: ["PostVehicle", "PostLocationBoundResource"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const vehicle = present(ctx.state.vehicle, "vehicle");
      const resource = present(ctx.state.resource, "resource");
      const res = await ctx.call("GetResourcesForUser", 200, { params: { userId } });
      const listed = sorted(res.body.resources.map((r) => r.resourceId));
      const expected = sorted([vehicle.resourceId, resource.resourceId]);
      if (JSON.stringify(listed) !== JSON.stringify(expected)) {
        fail(res, "the user's resources are not the vehicle and the location-bound resource", [
          { field: "body.resources", pointer: "/resources", message: `expected resourceIds ${JSON.stringify(expected)}, got ${JSON.stringify(listed)}` },
        ]);
      }
    },
  },
  {
    name: "GetLocationBoundResources",
    operationId: "GetLocationBoundResources",
    safe: true,
    needs: ["PostLocationBoundResource"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const locationId = present(ctx.state.location, "location").locationId;
      const resource = present(ctx.state.resource, "resource");
      const res = await ctx.call("GetLocationBoundResources", 200, { params: { userId, locationId } });
      expectEcho(res, [{ ...resource, userId, locationId }], "the location's resources");
    },
  },
];
