// Compensation: what a user has earned this month, per location, from the reports sent so far.
import type { HandlerMap } from "../handler.js";
import { usageResourceIds, userCompensation } from "../compensation.js";

export const compensation: HandlerMap = {
  async FetchUserCompensation(req, { store, push, now }) {
    const { userId } = req.params;
    // An unknown user is a 404 before anything else is read.
    await store.user(req.clientId, userId);
    const history = await push.reportsWithEvents(req.clientId);
    const data = await store.compensationData(req.clientId, userId, usageResourceIds(history.reports));
    return { status: 200, body: await userCompensation(userId, data, history, now(req.clientId)) };
  },
};
