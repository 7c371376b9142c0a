// The partner data simulation (sandbox): creating it adds users to the client's list, removing it takes them away.
import { expectStatus, fail } from "../client.js";
import { skip, type FlowContext, type Step } from "../step.js";

const userCount = async (ctx: FlowContext) => {
  const res = await ctx.call("GetUsers", 200, { query: { page: 1, pageSize: 1 } });
  return { res, total: res.body.pagination.totalRecords };
};

export const partnerSimulationSteps: Step[] = [
  {
    name: "PostTenantDataSimulation",
    operationId: "PostTenantDataSimulation",
    safe: false,
    needs: ["RequestToken"],
    async run(ctx) {
      const before = await userCount(ctx);
      const res = await ctx.loose("PostTenantDataSimulation", {});
      if (res.status === 404) return skip("not offered");
      ctx.track(res, { operationId: "DeleteTenantDataSimulation", params: {}, as: "client" });
      expectStatus(res, 201);
      const after = await userCount(ctx);
      if (after.total <= before.total) fail(after.res, `the simulated partner data added no users (totalRecords ${before.total} before, ${after.total} after)`);
      ctx.state.usersBeforeSimulation = before.total;
    },
  },
  {
    name: "DeleteTenantDataSimulation",
    operationId: "DeleteTenantDataSimulation",
    safe: false,
    needs: ["PostTenantDataSimulation"],
    async run(ctx) {
      await ctx.call("DeleteTenantDataSimulation", 200);
      ctx.untrack("DeleteTenantDataSimulation", {});
      const after = await userCount(ctx);
      const before = ctx.state.usersBeforeSimulation;
      if (before !== undefined && after.total !== before) fail(after.res, `removing the simulated partner data left ${after.total - before} of its users (totalRecords ${before} before it was added, ${after.total} after it was removed)`);
    },
  },
];
