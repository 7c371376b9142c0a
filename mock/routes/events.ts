// Events: the partner's events, newest first, one page at a time, and one event by id. Only the newest events
// are kept (`maxEvents`); each is serialized once when created, and pages are assembled from those strings.
import type { HandlerMap } from "../context.js";
import { ApiError } from "../errors.js";
import { memoPage, pageJson, pageOf } from "../pagination.js";

export const events: HandlerMap = {
  GetAllEvents(req, { push }) {
    const client = push.client(req.clientId);
    const all = client.events;
    const { start, pageSize, pagination } = pageOf(req, all.length);
    const json = memoPage(client.eventsPage, `${all.added} ${start} ${pageSize}`, () => pageJson("events", all.newest(start, pageSize).map((e) => e.json), pagination));
    return { status: 200, json };
  },

  GetEventById(req, { push }) {
    const event = push.client(req.clientId).eventsById.get(req.params.eventId);
    if (!event) throw new ApiError(404, "event-not-found", `event ${req.params.eventId} does not exist`);
    return { status: 200, json: event.json };
  },
};
