// Compensation: what a user has earned this month, per location, from the reports sent so far.
import type { HandlerMap } from "../http/handler.js";
import { usageResourceIds, userCompensation } from "../domain/compensation.js";

export const compensation: HandlerMap = {
  async FetchUserCompensation(req, { store, push, now, heavyWork }) {
    const { userId } = req.params;
    // An unknown user is a 404 before anything else is read.
    await store.user(req.clientId, userId);
    // It reads every report of the client: one at a time per client, so a partner asking on many connections at
    // once does not multiply the work and memory in flight (breathe.ts).
    const body = await heavyWork.run(req.clientId, async () => {
      const history = await push.reportsWithEvents(req.clientId);
      const data = await store.compensationData(req.clientId, userId, usageResourceIds(history.reports));
      return userCompensation(userId, data, history, now(req.clientId));
    });
    return { status: 200, body };
  },
};
