// Events: the partner's events, newest first, one page at a time, and one event by id. Only the newest events
// are kept (`maxEvents`); each is serialized once when created, and pages are assembled from those bytes.
import type { HandlerMap } from "../http/handler.js";
import { refuse } from "../domain/refusals.js";
import { requestedPage } from "../domain/pagination.js";

export const events: HandlerMap = {
  async GetAllEvents(req, { push }) {
    return { status: 200, json: await push.eventsPage(req.clientId, requestedPage(req)) };
  },

  async GetEventById(req, { push }) {
    const json = await push.event(req.clientId, req.params.eventId);
    if (!json) throw refuse("event-not-found", { eventId: req.params.eventId });
    return { status: 200, json };
  },
};
