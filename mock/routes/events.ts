// Events: the partner's events, newest first, one page at a time, and one event by id.
import type { HandlerMap } from "../context.js";
import { ApiError } from "../errors.js";
import { paginate } from "../pagination.js";

/** Walks a list from its end without copying it. */
export function* newestFirst<T>(list: readonly T[]): Generator<T> {
  for (let i = list.length - 1; i >= 0; i--) yield list[i]!;
}

export const events: HandlerMap = {
  GetAllEvents(req, { push }) {
    const all = push.client(req.clientId).events;
    const { items, pagination } = paginate(req, newestFirst(all), all.length);
    return { status: 200, body: { events: items, pagination } };
  },

  GetEventById(req, { push }) {
    const event = push.client(req.clientId).eventsById.get(req.params.eventId);
    if (!event) throw new ApiError(404, "event-not-found", `event ${req.params.eventId} does not exist`);
    return { status: 200, body: event };
  },
};
