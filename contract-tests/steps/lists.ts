// Lists and pagination: the user list pages coherently and holds the users the flow created.
import type { Schema } from "../../spec/types.js";
import { fail, type Checked } from "../client.js";
import { paginationIssues, walkPages } from "../pagination.js";
import type { FlowContext, Step } from "../step.js";

type GetUsersResponse = Schema<"GetUsersResponse">;

/** How many pages of 1000 the suite reads looking for its own objects on a busy target. */
export const MAX_PAGES = 50;

export async function usersPage(ctx: FlowContext, page: number, pageSize: number, who: "client" | "second" = "client"): Promise<Checked<GetUsersResponse>> {
  const res = await ctx.call("GetUsers", 200, { token: ctx.token(who), query: { page, pageSize } });
  const issues = paginationIssues(res.body.pagination, res.body.users, page, pageSize, "users");
  if (issues.length > 0) fail(res, `page ${page} of the user list is not coherent`, issues);
  return res;
}

/** Reads the whole user list (up to MAX_PAGES pages of 1000) and returns every user id with the last page read. */
export async function allUserIds(ctx: FlowContext, who: "client" | "second" = "client"): Promise<{ ids: Set<string>; last: Checked<GetUsersResponse> }> {
  const ids = new Set<string>();
  let last = await usersPage(ctx, 1, 1000, who);
  for (let page = 1; ; ) {
    for (const u of last.body.users ?? []) ids.add(u.userId);
    // From the required totals, not the optional nextPage.
    if (page >= Math.ceil(last.body.pagination.totalRecords / 1000) || page >= MAX_PAGES) return { ids, last };
    page += 1;
    last = await usersPage(ctx, page, 1000, who);
  }
}

/** The users this run created and has not deleted yet. */
export const ownUsers = (ctx: FlowContext): string[] =>
  [ctx.state.userId, ctx.state.siblingUserId, ctx.state.thirdUserId, ...(ctx.state.batchUsers ?? [])].filter((id): id is string => id !== undefined && !(ctx.state.deletedUsers ?? []).includes(id));

export const listSteps: Step[] = [
  {
    name: "GetUsers",
    operationId: "GetUsers",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const own = ownUsers(ctx);
      const read = async (page: number, pageSize: number) => {
        const res = await ctx.call("GetUsers", 200, { query: { page, pageSize } });
        return { res, items: res.body.users };
      };
      await walkPages(read, (u) => (typeof u === "object" && u !== null && "userId" in u ? String(u.userId) : JSON.stringify(u)), "users", { atLeast: own.length });
      if (own.length === 0) return;
      const { ids, last } = await allUserIds(ctx);
      const missing = own.filter((id) => !ids.has(id));
      if (missing.length > 0) fail(last, `the user list lacks the created user(s) ${missing.join(", ")}`);
    },
  },
];
