// Compensation: what a user has earned this month, per location, from the reports sent so far.
import type { HandlerMap } from "../context.js";
import { userCompensation } from "../compensation.js";

export const compensation: HandlerMap = {
  FetchUserCompensation(req, { store, push, now }) {
    const user = store.user(req.clientId, req.params.userId);
    return { status: 200, body: userCompensation(user, store.data(req.clientId), push.client(req.clientId), now(req.clientId)) };
  },
};
