// Users: register (one or a batch), list with pagination, read, delete (which cascades).
import type { HandlerContext, HandlerMap } from "../http/handler.js";
import { quotaReached } from "../domain/quotas.js";
import { slicePage } from "../domain/pagination.js";
import type { User } from "../state/state.js";

export const userBody = (u: User) => ({ userId: u.userId });

/** Refuses users beyond the client's quota (checked before the write: requests racing each other may pass it by a few). */
async function checkUserQuota({ store, quotas }: HandlerContext, clientId: string, adding: number, what: string): Promise<void> {
  const { total } = await store.users(clientId, { start: 0, size: 1 });
  if (total + adding > quotas.users) throw quotaReached("users", quotas.users, `${what} (the client has ${total} and this adds ${adding})`);
}

export const users: HandlerMap = {
  async GetUsers(req, { store }) {
    const { slice, pagination } = slicePage(req);
    const page = await store.users(req.clientId, slice);
    return { status: 200, body: { users: page.items.map(userBody), pagination: pagination(page.total) } };
  },

  async PostUser(req, ctx) {
    await checkUserQuota(ctx, req.clientId, 1, "no user registered");
    return { status: 201, body: userBody(await ctx.store.addUser(req.clientId, req.body.userId)) };
  },

  async PostUsers(req, ctx) {
    const { store } = ctx;
    await checkUserQuota(ctx, req.clientId, req.body.users?.length ?? 0, "no user registered");
    const created = await store.addUsers(
      req.clientId,
      (req.body.users ?? []).map((u) => u.userId),
    );
    return { status: 201, body: { users: created.map(userBody) } };
  },

  async GetUserById(req, { store }) {
    return { status: 200, body: userBody(await store.user(req.clientId, req.params.userId)) };
  },

  async DeleteUserById(req, { store }) {
    await store.deleteUser(req.clientId, req.params.userId);
    return { status: 204 };
  },
};
