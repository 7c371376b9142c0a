// Users: register (one or a batch), list with pagination, read, delete (which cascades).
import type { HandlerMap } from "../context.js";
import { paginate } from "../pagination.js";
import type { UserRecord } from "../store.js";

export const userBody = (u: UserRecord) => ({ userId: u.userId });

export const users: HandlerMap = {
  GetUsers(req, { store }) {
    const all = store.usersInOrder(req.clientId);
    const { items, pagination } = paginate(req, all, all.length);
    return { status: 200, body: { users: items.map(userBody), pagination } };
  },

  PostUser(req, { store }) {
    return { status: 201, body: userBody(store.addUser(req.clientId, req.body.userId)) };
  },

  PostUsers(req, { store }) {
    const created = store.addUsers(
      req.clientId,
      (req.body.users ?? []).map((u) => u.userId),
    );
    return { status: 201, body: { users: created.map(userBody) } };
  },

  GetUserById(req, { store }) {
    return { status: 200, body: userBody(store.user(req.clientId, req.params.userId)) };
  },

  DeleteUserById(req, { store }) {
    store.deleteUser(req.clientId, req.params.userId);
    return { status: 204 };
  },
};
