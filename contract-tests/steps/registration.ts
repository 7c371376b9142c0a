// The guide's registration: a user, a vehicle, a location with meter point ids, a location-bound resource.
import type { GetLocationResponse } from "../../spec/types.js";
import { expectStatus, fail, type Checked } from "../client.js";
import { expectEcho } from "../comparison.js";
import { present, type Answer, type Step } from "../step.js";

/** An 18-digit Norwegian metering point id, random enough not to collide between runs. */
const meterPointId = () => `707057500${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;

/** The sandbox's test areas on Svalbard: a location there makes its user and its meter points eligible. */
export const TEST_AREAS = [
  { latitude: 79.5191, longitude: 15.9761 },
  { latitude: 78.2209, longitude: 15.6195 },
] as const;

export const registrationSteps: Step[] = [
  {
    name: "PostUser",
    operationId: "PostUser",
    safe: false,
    needs: ["RequestToken"],
    async run(ctx) {
      // Three users, so that the user list has pages to walk at pageSize 1.
      for (const key of ["userId", "siblingUserId", "thirdUserId"] as const) {
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
    name: "PostUsers",
    operationId: "PostUsers",
    safe: false,
    needs: ["RequestToken"],
    async run(ctx) {
      const users = [{ userId: ctx.id() }, { userId: ctx.id() }, { userId: ctx.id() }];
      const res = await ctx.api.send("PostUsers", { token: ctx.token(), body: { users } });
      for (const u of users) ctx.track(res, { operationId: "DeleteUserById", params: { userId: u.userId }, as: "client", uncertain: true });
      const checked = expectStatus(res, 201) as Answer<"PostUsers", 201>;
      expectEcho(checked, { users }, "the created batch");
      ctx.state.batchUsers = users.map((u) => u.userId);
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
      // A second location of the same user: the one the flow changes (PATCH, PUT) and then deletes with its resource.
      const spare = { locationId: ctx.id(), locationType: "Commercial" as const, meterPointIds: [meterPointId()], coordinates: { latitude: 60.3913, longitude: 5.3221 } };
      for (const body of [sent, spare]) {
        const res = await ctx.create("PostLocation", 201, { params: { userId }, body }, () => ({
          operationId: "DeleteLocation",
          params: { userId, locationId: body.locationId },
          as: "client",
        }));
        expectEcho(res, body, "the created location");
        expectMirroredMeterPoint(res);
      }
      ctx.state.location = sent;
      ctx.state.spareLocation = spare;
    },
  },
  {
    name: "PostLocations",
    operationId: "PostLocations",
    safe: false,
    needs: ["PostUsers"],
    async run(ctx) {
      const users = present(ctx.state.batchUsers, "batch users");
      const locations = users.map((userId, i) => ({
        userId,
        locationId: ctx.id(),
        locationType: "Residential" as const,
        meterPointIds: [meterPointId()],
        coordinates: { ...TEST_AREAS[i % TEST_AREAS.length]! },
      }));
      const res = await ctx.api.send("PostLocations", { token: ctx.token(), body: { locations } });
      for (const l of locations) ctx.track(res, { operationId: "DeleteLocation", params: { userId: l.userId, locationId: l.locationId }, as: "client", uncertain: true });
      const checked = expectStatus(res, 201) as Answer<"PostLocations", 201>;
      expectEcho(checked, { locations }, "the created batch");
      ctx.state.batchLocations = locations;
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
      const spare = present(ctx.state.spareLocation, "second location");
      const sent = { resourceId: ctx.id(), resourceType: "HotWaterTank" as const, meterPointId: location.meterPointIds[0]! };
      const charger = { resourceId: ctx.id(), resourceType: "Charger" as const };
      for (const [body, locationId] of [[sent, location.locationId], [charger, spare.locationId]] as const) {
        const res = await ctx.create(
          "PostLocationBoundResource",
          201,
          { params: { userId, locationId }, body },
          () => ({ operationId: "DeleteResourceById", params: { resourceId: body.resourceId }, as: "client" }),
        );
        expectEcho(res, { ...body, userId, locationId }, "the created resource");
      }
      ctx.state.resource = sent;
      ctx.state.spareResource = charger;
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
