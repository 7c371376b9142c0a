// The guide's registration: a user, a vehicle, a location with meter point ids, a location-bound resource.
import type { GetLocationResponse } from "../../spec/types.js";
import { fail, type Checked } from "../client.js";
import { expectEcho } from "../comparison.js";
import { present, type Step } from "../step.js";

/** An 18-digit Norwegian metering point id, random enough not to collide between runs. */
const meterPointId = () => `707057500${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;

export const registrationSteps: Step[] = [
  {
    name: "PostUser",
    operationId: "PostUser",
    safe: false,
    needs: ["RequestToken"],
    async run(ctx) {
      // Two users, so that the user list has a second page at pageSize 1.
      for (const key of ["userId", "siblingUserId"] as const) {
        const sent = { userId: ctx.id() };
        const res = await ctx.create("PostUser", 201, { body: sent }, () => ({
          operationId: "DeleteUserById",
          params: { userId: sent.userId },
          as: "client",
        }));
        expectEcho(res, sent, "the created user");
        ctx.state[key] = sent.userId;
      }
    },
  },
  {
    name: "PostVehicle",
    operationId: "PostVehicle",
    safe: false,
    needs: ["PostUser"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const sent = { resourceId: ctx.id(), resourceType: "Vehicle" as const };
      const res = await ctx.create("PostVehicle", 201, { params: { userId }, body: sent }, () => ({
        operationId: "DeleteResourceById",
        params: { resourceId: sent.resourceId },
        as: "client",
      }));
      expectEcho(res, { ...sent, userId }, "the created vehicle");
      ctx.state.vehicle = sent;
    },
  },
  {
    name: "PostLocation",
    operationId: "PostLocation",
    safe: false,
    needs: ["PostUser"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const sent = {
        locationId: ctx.id(),
        locationType: "Residential" as const,
        meterPointIds: [meterPointId(), meterPointId()],
        coordinates: { latitude: 59.9139, longitude: 10.7522 },
      };
      const res = await ctx.create("PostLocation", 201, { params: { userId }, body: sent }, () => ({
        operationId: "DeleteLocation",
        params: { userId, locationId: sent.locationId },
        as: "client",
      }));
      expectEcho(res, sent, "the created location");
      expectMirroredMeterPoint(res);
      ctx.state.location = sent;
    },
  },
  {
    name: "PostLocationBoundResource",
    operationId: "PostLocationBoundResource",
    safe: false,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const location = present(ctx.state.location, "location");
      const sent = { resourceId: ctx.id(), resourceType: "HotWaterTank" as const, meterPointId: location.meterPointIds[0]! };
      const res = await ctx.create(
        "PostLocationBoundResource",
        201,
        { params: { userId, locationId: location.locationId }, body: sent },
        () => ({ operationId: "DeleteResourceById", params: { resourceId: sent.resourceId }, as: "client" }),
      );
      expectEcho(res, { ...sent, userId, locationId: location.locationId }, "the created resource");
      ctx.state.resource = sent;
    },
  },
];

/** The deprecated `meterPointId` of a location mirrors the first of `meterPointIds` (the spec says so). */
export function expectMirroredMeterPoint(res: Checked<GetLocationResponse>): void {
  const { meterPointId: single, meterPointIds } = res.body;
  if (single != null && single !== meterPointIds?.[0]) {
    fail(res, "meterPointId does not mirror the first of meterPointIds", [
      { field: "body.meterPointId", pointer: "/meterPointId", message: `expected ${JSON.stringify(meterPointIds?.[0])}, got ${JSON.stringify(single)}` },
    ]);
  }
}
