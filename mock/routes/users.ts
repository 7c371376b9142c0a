// Users: register (one or a batch), list with pagination, read, delete (which cascades).
import type { HandlerMap } from "../handler.js";
import { slicePage } from "../pagination.js";
import type { User } from "../state.js";

export const userBody = (u: User) => ({ userId: u.userId });

export const users: HandlerMap = {
  async GetUsers(req, { store }) {
    const { slice, pagination } = slicePage(req);
    const page = await store.users(req.clientId, slice);
    return { status: 200, body: { users: page.items.map(userBody), pagination: pagination(page.total) } };
  },

  async PostUser(req, { store }) {
    return { status: 201, body: userBody(await store.addUser(req.clientId, req.body.userId)) };
  },

  async PostUsers(req, { store }) {
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
