// Changing what was registered: PATCH changes only the fields sent, PUT replaces the whole location; each answer and
// the next read show exactly that.
import { fail } from "../client.js";
import { expectEcho } from "../comparison.js";
import { present, type SentLocation, type Step } from "../step.js";
import { expectMirroredMeterPoint } from "./registration.js";

/** A fresh 18-digit meter point id. */
const meterPointId = () => `707057500${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;

export const changeSteps: Step[] = [
  {
    name: "PatchLocation",
    operationId: "PatchLocation",
    safe: false,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const before = present(ctx.state.spareLocation, "second location");
      const expected: SentLocation = { ...before, locationType: "Other" };
      const params = { userId, locationId: before.locationId };
      const res = await ctx.call("PatchLocation", 200, { params, body: { locationType: "Other" } });
      expectEcho(res, expected, "the patched location (only locationType was sent)");
      const read = await ctx.call("GetLocationByLocationId", 200, { params });
      expectEcho(read, expected, "the location read back after PatchLocation (only locationType was sent)");
      ctx.state.spareLocation = expected;
    },
  },
  {
    name: "UpdateLocation",
    operationId: "UpdateLocation",
    safe: false,
    needs: ["PatchLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      const before = present(ctx.state.spareLocation, "second location");
      const sent = { locationId: before.locationId, locationType: "Residential" as const, meterPointIds: [meterPointId()] };
      const params = { userId, locationId: before.locationId };
      const res = await ctx.call("UpdateLocation", 200, { params, body: sent });
      expectEcho(res, sent, "the replaced location");
      const read = await ctx.call("GetLocationByLocationId", 200, { params });
      expectEcho(read, sent, "the location read back after UpdateLocation");
      expectMirroredMeterPoint(read);
      // PUT replaces: the coordinates it did not send are gone.
      if (read.body.coordinates != null) {
        fail(read, "UpdateLocation kept coordinates it was not sent (PUT replaces the location)", [
          { field: "body.coordinates", pointer: "/coordinates", message: `expected null or absent, got ${JSON.stringify(read.body.coordinates)}` },
        ]);
      }
      ctx.state.spareLocation = sent;
    },
  },
];
