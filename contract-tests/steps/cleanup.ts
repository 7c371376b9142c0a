// Clean-up: deletes everything the flow created, newest kind first, and checks that the user is gone.
import { expectStatus } from "../client.js";
import { ContractError } from "../errors.js";
import type { Created, CreatedBy, DeleteOperation, FlowContext, Step } from "../step.js";

const ORDER: Created["operationId"][] = ["DeleteTenantDataSimulation", "DeleteWebhookById", "DeleteResourceById", "DeleteLocation", "DeleteUserById"];

/**
 * Deletes one created object with its own operation, path parameters and token. A 404 means it is gone already (a
 * refused request that was not half-done, or a step that removed it): nothing is left, which is all clean-up wants.
 */
async function remove<Op extends DeleteOperation>(ctx: FlowContext, item: CreatedBy<Op>): Promise<"deleted" | "gone"> {
  const res = await ctx.api.send(item.operationId, { token: ctx.token(item.as), params: item.params });
  if (res.status === 404) return "gone";
  expectStatus(res, item.operationId === "DeleteTenantDataSimulation" ? 200 : 204);
  return "deleted";
}

function deleteStep(operationId: Created["operationId"], items: Created[]): Step {
  return {
    name: operationId,
    operationId,
    safe: false,
    needs: [],
    async run(ctx) {
      const failures: unknown[] = [];
      for (const item of items) {
        // Each delete is tried even when one before it failed, so one problem does not leave the rest behind.
        try {
          const outcome = await remove(ctx, item);
          // A user the target kept for sure, or one this delete removed: the check below reads it back.
          if (item.operationId === "DeleteUserById" && (!item.uncertain || outcome === "deleted")) (ctx.state.deletedUsers ??= []).push(item.params.userId);
        } catch (e) {
          failures.push(e);
          ctx.leftovers.push(`${item.operationId} ${JSON.stringify(item.params)}`);
        }
      }
      const [first] = failures;
      if (failures.length === 0) return;
      if (!(first instanceof ContractError) || items.length === 1) throw first;
      throw new ContractError(`${failures.length} of ${items.length} could not be deleted; first: ${first.message}`, first.details);
    },
  };
}

/** The clean-up steps for what the flow created (none when it created nothing). */
export function cleanupSteps(ctx: FlowContext): Step[] {
  const steps = ORDER.flatMap((operationId) => {
    const items = ctx.created.filter((c) => c.operationId === operationId);
    return items.length > 0 ? [deleteStep(operationId, items)] : [];
  });
  if (ctx.created.some((c) => c.operationId === "DeleteUserById")) {
    steps.push({
      name: "GetUserById [deleted user → 404]",
      operationId: "GetUserById",
      safe: true,
      needs: ["DeleteUserById"],
      async run(ctx: FlowContext) {
        const userId = ctx.state.deletedUsers?.[0];
        // Every user was one a refused batch may not have kept, and each delete found it gone: none is known to
        // have existed, so a 404 would prove nothing.
        if (userId === undefined) return { skipped: "no user is known to have been kept and then deleted (each delete answered 404)" };
        await ctx.call("GetUserById", 404, { params: { userId } }, "the user was deleted");
      },
    });
  }
  return steps;
}
