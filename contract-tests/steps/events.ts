// Events: a simulated price curve for the flow's resource, found again in /events, and a report on it.
import type { GetEventResponse, PostReportRequest, Schema } from "../../spec/types.js";

type GetEventsResponse = Schema<"GetEventsResponse">;
import { expectStatus, fail, type Checked } from "../client.js";
import { differences, expectEcho } from "../comparison.js";
import { paginationIssues } from "../pagination.js";
import { present, skip, type Answer, type FlowContext, type Step } from "../step.js";

const EVENT_PAGES = 10;

async function eventsPage(ctx: FlowContext, page: number, pageSize: number): Promise<Checked<GetEventsResponse>> {
  const res = await ctx.call("GetAllEvents", 200, { query: { page, pageSize } });
  const issues = paginationIssues(res.body.pagination, res.body.events, page, pageSize, "events");
  if (issues.length > 0) fail(res, `page ${page} of the event list is not coherent`, issues);
  return res;
}

/** The start of each hour the price curve covers. */
function eventHours(event: GetEventResponse): string[] {
  return event.payload?.payloadType === "PriceCurve" ? (event.payload.priceCurveDelta.points ?? []).flatMap((p) => (p.timestamp ? [p.timestamp] : [])) : [];
}

export const eventSteps: Step[] = [
  {
    name: "PostPriceCurveSimulation",
    operationId: "PostPriceCurveSimulation",
    safe: false,
    needs: ["PostLocationBoundResource"],
    async run(ctx) {
      const resourceId = present(ctx.state.resource, "resource").resourceId;
      const locationId = present(ctx.state.location, "location").locationId;
      const sent = { priceArea: "NO1" as const, targets: [{ resourceId, locationId }] };
      const sentRes = await ctx.api.send("PostPriceCurveSimulation", { token: ctx.token(), body: sent });
      if (sentRes.status === 404) return skip("not offered");
      // expectStatus has checked the body against the operation's 200 schema, which is what the type describes.
      const res = expectStatus(sentRes, 200) as Answer<"PostPriceCurveSimulation", 200>;
      expectEcho(res, { ...sent, payloadType: "PriceCurve" }, "the simulated event", "/simulatedEvent/payload");
      const event = res.body.simulatedEvent;
      if (!event) return fail(res, "the simulation answered without the event", [{ field: "body.simulatedEvent", pointer: "/simulatedEvent", message: "is required" }]);
      if (eventHours(event).length === 0) fail(res, "the simulated price curve has no points to report on", [{ field: "body.simulatedEvent.payload.priceCurveDelta.points", pointer: "/simulatedEvent/payload/priceCurveDelta/points", message: "must hold at least one point with a timestamp" }]);
      ctx.state.event = event;
    },
  },
  {
    name: "GetAllEvents",
    operationId: "GetAllEvents",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      let res = await eventsPage(ctx, 1, 100);
      const event = ctx.state.event;
      if (!event) return;
      for (let page = 1; ; ) {
        const index = (res.body.events ?? []).findIndex((e) => e.id === event.id);
        if (index >= 0) return expectEcho(res, event, "the listed event", `/events/${index}`);
        if (page >= Math.ceil(res.body.pagination.totalRecords / 100) || page >= EVENT_PAGES) return fail(res, `the event list lacks the simulated event ${event.id}`);
        page += 1;
        res = await eventsPage(ctx, page, 100);
      }
    },
  },
  {
    name: "GetEventById",
    operationId: "GetEventById",
    safe: true,
    needs: ["PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      const res = await ctx.call("GetEventById", 200, { params: { eventId: event.id } });
      expectEcho(res, event, "the event read back");
    },
  },
  {
    name: "PostReport",
    operationId: "PostReport",
    safe: false,
    needs: ["PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      const resource = present(ctx.state.resource, "resource");
      const locationId = present(ctx.state.location, "location").locationId;
      const sent: PostReportRequest = {
        eventId: event.id,
        payloads: [
          {
            payloadType: "EnergyUsage",
            resourceId: resource.resourceId,
            locationId,
            meterPointId: resource.meterPointId,
            resolution: "01:00:00",
            points: eventHours(event).map((timestamp, i) => ({ timestamp, kiloWattHours: 1 + i / 4 })),
          },
        ],
      };
      const res = await ctx.call("PostReport", 200, { body: sent });
      const issues = res.body.eventId == null ? [] : differences(event.id, res.body.eventId, "/eventId");
      if (issues.length > 0) fail(res, "the report receipt names another event", issues);
    },
  },
];
