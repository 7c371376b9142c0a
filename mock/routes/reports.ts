// Reports: what the partner did about one of its events. The body has passed the spec (each payload by its
// payloadType); the store checks the references: the event, and every resource and location named.
import type { HandlerMap } from "../http/handler.js";
import { quotaReached } from "../domain/quotas.js";
import { refuse } from "../domain/refusals.js";

export const reports: HandlerMap = {
  async PostReport(req, { push, store, quotas }) {
    const { eventId, payloads } = req.body;
    if (eventId == null) throw refuse("report-event-required", {});
    // Checked before the write: reports racing each other may pass a quota by a few.
    const usage = await push.reportUsage(req.clientId);
    if (usage.count >= quotas.reports) throw quotaReached("reports", quotas.reports, "no report stored", "reset the client's data (POST /_mock/reset) to start again");
    if (usage.bytes >= quotas.reportBytes) throw quotaReached("reportBytes", quotas.reportBytes, "no report stored", "reset the client's data (POST /_mock/reset) to start again");
    // The event is checked first: a report about an unknown event says so, whatever its payloads.
    const report = await push.addReport(req.clientId, eventId, payloads ?? [], async () => {
      if (!payloads || payloads.length === 0) throw refuse("report-payloads-required", {});
      await store.checkReport(req.clientId, payloads);
    });
    return { status: 200, body: { id: report.id, eventId, createdAt: report.createdAt } };
  },
};
