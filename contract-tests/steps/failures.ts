// The documented failures: no token, an unknown user, a duplicate location, an invalid enum value.
import { expectStatus, fail } from "../client.js";
import { present, skip, type Step } from "../step.js";

export const failureSteps: Step[] = [
  {
    name: "GetUsers [no token → 401]",
    operationId: "GetUsers",
    safe: true,
    needs: [],
    async run(ctx) {
      const undeclared = ctx.api.undeclared("GetUsers", 401);
      if (undeclared) return skip(undeclared);
      const res = expectStatus(await ctx.api.send("GetUsers", { token: null }), 401, "no Authorization header");
      const challenge = res.exchange.response?.headers["www-authenticate"];
      if (!challenge || !/^bearer\b/i.test(challenge)) fail(res, `expected a WWW-Authenticate: Bearer challenge (RFC 6750), got ${challenge === undefined ? "none" : JSON.stringify(challenge)}`);
    },
  },
  {
    name: "GetUserById [unknown user → 404]",
    operationId: "GetUserById",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const undeclared = ctx.api.undeclared("GetUserById", 404);
      if (undeclared) return skip(undeclared);
      await ctx.call("GetUserById", 404, { params: { userId: ctx.id() } }, "a user id nobody registered");
    },
  },
  {
    name: "PostLocation [duplicate → 409]",
    operationId: "PostLocation",
    safe: false,
    needs: ["PostLocation"],
    async run(ctx) {
      const undeclared = ctx.api.undeclared("PostLocation", 409);
      if (undeclared) return skip(undeclared);
      const userId = present(ctx.state.userId, "user");
      const location = present(ctx.state.location, "location");
      await ctx.call("PostLocation", 409, { params: { userId }, body: location }, "the locationId exists already");
    },
  },
  {
    name: "PostLocation [invalid enum → 400]",
    operationId: "PostLocation",
    safe: false,
    needs: ["PostUser"],
    async run(ctx) {
      const undeclared = ctx.api.undeclared("PostLocation", 400);
      if (undeclared) return skip(undeclared);
      const userId = present(ctx.state.userId, "user");
      const body = { locationId: ctx.id(), locationType: "Spaceship" };
      // If the target wrongly accepts it, the location still has to go.
      await ctx.create("PostLocation", 400, { params: { userId }, invalidBody: body }, () => ({
        operationId: "DeleteLocation",
        params: { userId, locationId: body.locationId },
        as: "client",
      }), "locationType Spaceship is not a LocationType");
    },
  },
];
