// Reading back what was registered: every sent field must come back as it was sent, every item of a batch included.
import type { GetLocationResponse } from "../../spec/types.js";
import { fail, type Checked } from "../client.js";
import { differences, expectEcho } from "../comparison.js";
import { present, type FlowContext, type SentLocation, type Step } from "../step.js";
import { expectMirroredMeterPoint } from "./registration.js";

const sorted = (ids: string[]) => [...ids].sort();

/** A user's locations are exactly the sent ones (in any order), each echoing what was sent. */
export function expectLocations(res: Checked<GetLocationResponse[]>, sent: readonly SentLocation[], what: string): void {
  const listed = res.body.map((l) => l.locationId);
  const expected = sent.map((l) => l.locationId);
  if (JSON.stringify(sorted(listed)) !== JSON.stringify(sorted(expected))) {
    fail(res, `${what} are not the ones registered`, [{ field: "body", pointer: "/", message: `expected locationIds ${JSON.stringify(sorted(expected))}, got ${JSON.stringify(sorted(listed))}` }]);
  }
  for (const location of sent) {
    const i = listed.indexOf(location.locationId);
    const issues = differences(location, res.body[i], `/${i}`);
    if (issues.length > 0) fail(res, `${what}: location ${location.locationId} differs from what was sent`, issues);
  }
}

async function readLocation(ctx: FlowContext, userId: string, location: SentLocation, what: string, why = "the location was created"): Promise<void> {
  const res = await ctx.call("GetLocationByLocationId", 200, { params: { userId, locationId: location.locationId } }, why);
  expectEcho(res, location, what);
  expectMirroredMeterPoint(res);
  if (res.body.userId != null && res.body.userId !== userId) {
    fail(res, "the location names another user", [{ field: "body.userId", pointer: "/userId", message: `expected ${JSON.stringify(userId)}, got ${JSON.stringify(res.body.userId)}` }]);
  }
}

export const readbackSteps: Step[] = [
  {
    name: "GetUserById",
    operationId: "GetUserById",
    safe: true,
    needs: ["PostUser"],
    async run(ctx) {
      for (const userId of [present(ctx.state.userId, "user"), ctx.state.siblingUserId, ctx.state.thirdUserId]) {
        if (userId === undefined) continue;
        const res = await ctx.call("GetUserById", 200, { params: { userId } }, "the user was created");
        expectEcho(res, { userId }, "the user read back");
      }
    },
  },
  {
    name: "GetUserById [every user of the batch]",
    operationId: "GetUserById",
    safe: true,
    needs: ["PostUsers"],
    async run(ctx) {
      for (const userId of present(ctx.state.batchUsers, "batch users")) {
        const res = await ctx.call("GetUserById", 200, { params: { userId } }, "PostUsers answered that it created this user");
        expectEcho(res, { userId }, "the batch user read back");
      }
    },
  },
  {
    name: "GetLocationsByUserId",
    operationId: "GetLocationsByUserId",
    safe: true,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const res = await ctx.call("GetLocationsByUserId", 200, { params: { userId } });
      expectLocations(res, [present(ctx.state.location, "location"), present(ctx.state.spareLocation, "second location")], "the user's locations");
    },
  },
  {
    name: "GetLocationsByUserId [every location of the batch]",
    operationId: "GetLocationsByUserId",
    safe: true,
    needs: ["PostLocations"],
    async run(ctx) {
      for (const { userId, ...location } of present(ctx.state.batchLocations, "batch locations")) {
        const res = await ctx.call("GetLocationsByUserId", 200, { params: { userId } }, "PostLocations answered that it created a location of this user");
        expectLocations(res, [location], `the locations of batch user ${userId} (registered with PostLocations)`);
      }
    },
  },
  {
    name: "GetLocationByLocationId",
    operationId: "GetLocationByLocationId",
    safe: true,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      await readLocation(ctx, userId, present(ctx.state.location, "location"), "the location read back");
      await readLocation(ctx, userId, present(ctx.state.spareLocation, "second location"), "the second location read back");
    },
  },
  {
    name: "GetLocationByLocationId [every location of the batch]",
    operationId: "GetLocationByLocationId",
    safe: true,
    needs: ["PostLocations"],
    async run(ctx) {
      for (const { userId, ...location } of present(ctx.state.batchLocations, "batch locations")) await readLocation(ctx, userId, location, "the batch location read back", "PostLocations answered that it created it");
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
      const charger = present(ctx.state.spareResource, "second resource");
      const c = await ctx.call("GetResourceById", 200, { params: { resourceId: charger.resourceId } });
      expectEcho(c, { ...charger, userId, locationId: present(ctx.state.spareLocation, "second location").locationId }, "the second location's resource read back");
    },
  },
  {
    name: "GetResourcesForUser",
    operationId: "GetResourcesForUser",
    safe: true,
    needs: ["PostVehicle", "PostLocationBoundResource"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const res = await ctx.call("GetResourcesForUser", 200, { params: { userId } });
      const listed = sorted(res.body.resources.map((r) => r.resourceId));
      const expected = sorted([present(ctx.state.vehicle, "vehicle").resourceId, present(ctx.state.resource, "resource").resourceId, present(ctx.state.spareResource, "second resource").resourceId]);
      if (JSON.stringify(listed) !== JSON.stringify(expected)) {
        fail(res, "the user's resources are not the vehicle and the two location-bound resources", [
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
      const pairs = [
        [present(ctx.state.location, "location").locationId, present(ctx.state.resource, "resource")],
        [present(ctx.state.spareLocation, "second location").locationId, present(ctx.state.spareResource, "second resource")],
      ] as const;
      for (const [locationId, resource] of pairs) {
        const res = await ctx.call("GetLocationBoundResources", 200, { params: { userId, locationId } });
        expectEcho(res, [{ ...resource, userId, locationId }], `the resources of location ${locationId}`);
      }
    },
  },
];
