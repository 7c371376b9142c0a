// Reports: what the partner did about one of its events. The body has passed the spec (each payload by its
// payloadType); here the references are checked: the event, and every resource and location named.
import { randomUUID } from "node:crypto";
import type { SparkReportPayload } from "../../spec/types.js";
import type { HandlerMap } from "../context.js";
import { ApiError } from "../errors.js";
import { locationsById, type ClientData } from "../store.js";

const refused = (message: string) => new ApiError(400, "invalid-report", message);

/** Some user of the client must have the location; the meter point, when it does not match, does not matter. */
function checkLocation(data: ClientData, at: string, locationId: string): void {
  if (!data.hasLocationId(locationId)) throw refused(`${at}.locationId: no location ${locationId} of this client`);
}

function checkResource(data: ClientData, at: string, resourceId: string, locationId: string | null | undefined): void {
  const r = data.resources.get(resourceId);
  if (!r) throw refused(`${at}.resourceId: no resource ${resourceId} of this client`);
  if (locationId == null) return;
  if (r.locationId !== null && r.locationId !== locationId) throw refused(`${at}.locationId: resource ${resourceId} is at location ${r.locationId}, not ${locationId}`);
  if (r.locationId === null && !locationsById.has(data.users.get(r.userId)?.locations, locationId)) throw refused(`${at}.locationId: user ${r.userId} has no location ${locationId}`);
}

function checkPayload(data: ClientData, at: string, p: SparkReportPayload): void {
  switch (p.payloadType) {
    case "EnergyUsage":
      return checkResource(data, at, p.resourceId, p.locationId);
    case "LocationEnergyUsage":
    case "LocationEnergyUsagePlan":
      return checkLocation(data, at, p.locationId);
    case "ResourceLPCAcknowledgement":
      for (const [list, targets] of [["acknowledgedTargets", p.acknowledgedTargets], ["declinedTargets", p.declinedTargets]] as const)
        (targets ?? []).forEach((t, i) => checkResource(data, `${at}.${list}[${i}]`, t.resourceId, t.locationId));
      return;
    case "LocationLPCAcknowledgement":
      for (const [list, targets] of [["acknowledgedTargets", p.acknowledgedTargets], ["declinedTargets", p.declinedTargets]] as const)
        (targets ?? []).forEach((t, i) => checkLocation(data, `${at}.${list}[${i}]`, t.locationId));
      return;
  }
}

export const reports: HandlerMap = {
  PostReport(req, { push, store, now }) {
    const { eventId, payloads } = req.body;
    if (eventId == null) throw refused("body.eventId is required: name the event this report is about");
    const client = push.client(req.clientId);
    // A dropped event (older than the newest maxEvents) is unknown here: its id is not kept either.
    if (!client.eventsById.has(eventId)) throw refused(`body.eventId: no event ${eventId} of this client (it keeps its newest ${client.retention.maxEvents} events)`);
    if (!payloads || payloads.length === 0) throw refused("body.payloads must hold at least one payload");
    const data = store.data(req.clientId);
    payloads.forEach((p, i) => checkPayload(data, `body.payloads[${i}]`, p));
    const report = { id: randomUUID(), eventId, createdAt: new Date(now(req.clientId)).toISOString(), payloads };
    client.reports.push(report);
    return { status: 200, body: { id: report.id, eventId, createdAt: report.createdAt } };
  },
};
