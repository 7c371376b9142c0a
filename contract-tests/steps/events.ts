// Events: the four simulations (a price curve for the flow's resource, a user-eligibility event, LPC for a location
// and for a resource), each found again in /events and by id; the price curve covers the next local day hour by hour;
// a report on it is accepted, one naming an unknown event or resource is refused.
import type { GetEventResponse, OperationId, PostReportRequest } from "../../spec/types.js";
import { localDate, nextDate, zoneOf } from "../calendar.js";
import { expectStatus, fail, type Checked } from "../client.js";
import { differences, expectEcho } from "../comparison.js";
import { walkPages } from "../pagination.js";
import { present, skip, type Answer, type FlowContext, type Skip, type Step } from "../step.js";

const EVENT_PAGES = 10;
const HOUR = 3_600_000;

/** The start of each hour the price curve covers. */
function eventHours(event: GetEventResponse): string[] {
  return event.payload?.payloadType === "PriceCurve" ? (event.payload.priceCurveDelta.points ?? []).flatMap((p) => (p.timestamp ? [p.timestamp] : [])) : [];
}

/** The points of a simulated price curve lie in the next local day of its price area, on whole hours, each once. */
function expectNextLocalDay(res: Checked, event: GetEventResponse): void {
  if (event.payload?.payloadType !== "PriceCurve") return;
  const zone = zoneOf(event.payload.priceArea ?? "NO1");
  const day = nextDate(localDate(Date.parse(event.createdAt ?? "") || Date.now(), zone));
  const points = event.payload.priceCurveDelta.points ?? [];
  const pointer = (i: number) => `/simulatedEvent/payload/priceCurveDelta/points/${i}/timestamp`;
  const seen = new Set<number>();
  points.forEach((p, i) => {
    const t = Date.parse(p.timestamp ?? "");
    const problem = Number.isNaN(t)
      ? "is not a date-time"
      : t % HOUR !== 0
        ? "is not at the start of an hour"
        : localDate(t, zone) !== day
          ? `is not in the next local day (${day} in ${zone}, the event was created ${event.createdAt})`
          : seen.has(t)
            ? "repeats an earlier point's hour"
            : undefined;
    seen.add(t);
    if (problem) fail(res, "the simulated price curve does not cover the next local day hour by hour", [{ field: `body.simulatedEvent.payload.priceCurveDelta.points[${i}].timestamp`, pointer: pointer(i), message: `${p.timestamp} ${problem}` }]);
  });
  const resolution = event.payload.priceCurveDelta.resolution;
  if (resolution != null && resolution !== "01:00:00") fail(res, "the simulated price curve is not hourly", [{ field: "body.simulatedEvent.payload.priceCurveDelta.resolution", pointer: "/simulatedEvent/payload/priceCurveDelta/resolution", message: `expected "01:00:00", got ${JSON.stringify(resolution)}` }]);
}

type Simulation = "PostPriceCurveSimulation" | "PostUserEligibilitySimulation" | "PostLPCLocationSimulation" | "PostLPCResourceSimulation";

/** Runs a simulation; a 404 means the target offers none (a production deployment). */
async function simulate(ctx: FlowContext, operationId: Simulation, body: unknown, sent: unknown): Promise<GetEventResponse | Skip> {
  const res = await ctx.loose(operationId, body === undefined ? {} : { json: body });
  if (res.status === 404) return skip("not offered");
  const checked = expectStatus(res, 200) as Answer<"PostPriceCurveSimulation", 200>;
  const event = checked.body.simulatedEvent;
  if (!event) return fail(res, "the simulation answered without the event", [{ field: "body.simulatedEvent", pointer: "/simulatedEvent", message: "is required" }]);
  expectEcho(checked, sent, "the simulated event", "/simulatedEvent/payload");
  ctx.state.events = [...(ctx.state.events ?? []), event];
  ctx.state.causedBy = { ...ctx.state.causedBy, [event.id]: operationId };
  ctx.state.now = Date.parse(event.createdAt ?? "") || ctx.state.now;
  return event;
}

const isSkip = (x: GetEventResponse | Skip): x is Skip => "skipped" in x;

/** A report on the price curve: the flow's resource, every hour of the curve. */
export function reportOn(ctx: FlowContext, event: GetEventResponse, resourceId?: string): PostReportRequest {
  const resource = present(ctx.state.resource, "resource");
  return {
    eventId: event.id,
    payloads: [
      {
        payloadType: "EnergyUsage",
        resourceId: resourceId ?? resource.resourceId,
        locationId: present(ctx.state.location, "location").locationId,
        meterPointId: resource.meterPointId,
        resolution: "01:00:00",
        points: eventHours(event).map((timestamp, i) => ({ timestamp, kiloWattHours: 1 + i / 4 })),
      },
    ],
  };
}

const simulationStep = (name: Simulation, needs: string[], request: (ctx: FlowContext) => { body?: unknown; sent: unknown }, check?: (res: GetEventResponse, ctx: FlowContext) => void): Step => ({
  name,
  operationId: name satisfies OperationId,
  safe: false,
  needs,
  async run(ctx) {
    const { body, sent } = request(ctx);
    const event = await simulate(ctx, name, body, sent);
    if (isSkip(event)) return event;
    check?.(event, ctx);
  },
});

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
      const res = await ctx.api.send("PostPriceCurveSimulation", { token: ctx.token(), body: sent });
      if (res.status === 404) return skip("not offered");
      const checked = expectStatus(res, 200) as Answer<"PostPriceCurveSimulation", 200>;
      expectEcho(checked, { ...sent, payloadType: "PriceCurve" }, "the simulated event", "/simulatedEvent/payload");
      const event = checked.body.simulatedEvent;
      if (!event) return fail(res, "the simulation answered without the event", [{ field: "body.simulatedEvent", pointer: "/simulatedEvent", message: "is required" }]);
      if (eventHours(event).length === 0) fail(res, "the simulated price curve has no points to report on", [{ field: "body.simulatedEvent.payload.priceCurveDelta.points", pointer: "/simulatedEvent/payload/priceCurveDelta/points", message: "must hold at least one point with a timestamp" }]);
      expectNextLocalDay(res, event);
      ctx.state.event = event;
      ctx.state.events = [...(ctx.state.events ?? []), event];
      ctx.state.causedBy = { ...ctx.state.causedBy, [event.id]: "PostPriceCurveSimulation" };
      ctx.state.now = Date.parse(event.createdAt ?? "") || ctx.state.now;
    },
  },
  simulationStep("PostUserEligibilitySimulation", ["RequestToken"], () => ({ sent: { payloadType: "UserEligibility" } })),
  simulationStep("PostLPCLocationSimulation", ["PostLocation"], (ctx) => {
    const locationId = present(ctx.state.location, "location").locationId;
    return { body: { locations: [{ location: { locationId } }] }, sent: { payloadType: "LocationLPC", targets: [{ locationId }] } };
  }),
  simulationStep("PostLPCResourceSimulation", ["PostLocationBoundResource"], (ctx) => {
    const resourceId = present(ctx.state.resource, "resource").resourceId;
    return { body: { resources: [{ resource: { resourceId } }] }, sent: { payloadType: "ResourceLPC", targets: [{ resourceId }] } };
  }),
  {
    name: "GetAllEvents",
    operationId: "GetAllEvents",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const events = ctx.state.events ?? [];
      const read = async (page: number, pageSize: number) => {
        const res = await ctx.call("GetAllEvents", 200, { query: { page, pageSize } });
        return { res, items: res.body.events };
      };
      await walkPages(read, (e) => (typeof e === "object" && e !== null && "id" in e ? String(e.id) : JSON.stringify(e)), "events", { atLeast: events.length });
      // Every event the flow caused is listed as it was answered (newest first, so on the first pages).
      for (const event of events) {
        for (let page = 1; ; page++) {
          const res = await ctx.call("GetAllEvents", 200, { query: { page, pageSize: 100 } });
          const index = (res.body.events ?? []).findIndex((e) => e.id === event.id);
          if (index >= 0) {
            expectEcho(res, event, "the listed event", `/events/${index}`);
            break;
          }
          if (page >= Math.ceil(res.body.pagination.totalRecords / 100) || page >= EVENT_PAGES) fail(res, `the event list lacks event ${event.id}, which ${ctx.state.causedBy?.[event.id] ?? "a simulation"} answered`);
        }
      }
    },
  },
  {
    name: "GetEventById",
    operationId: "GetEventById",
    safe: true,
    needs: ["PostPriceCurveSimulation"],
    async run(ctx) {
      for (const event of present(ctx.state.events, "events")) {
        const res = await ctx.call("GetEventById", 200, { params: { eventId: event.id } }, `${ctx.state.causedBy?.[event.id] ?? "a simulation"} answered event ${event.id}`);
        expectEcho(res, event, "the event read back");
      }
    },
  },
  {
    name: "PostReport",
    operationId: "PostReport",
    safe: false,
    needs: ["PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      const res = await ctx.call("PostReport", 200, { body: reportOn(ctx, event) });
      const issues = res.body.eventId == null ? [] : differences(event.id, res.body.eventId, "/eventId");
      if (issues.length > 0) fail(res, "the report receipt names another event", issues);
    },
  },
  {
    name: "PostReport [unknown event → 400]",
    operationId: "PostReport",
    safe: false,
    needs: ["PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      await ctx.call("PostReport", 400, { body: { ...reportOn(ctx, event), eventId: ctx.id() } }, "the report names an event that does not exist");
    },
  },
  {
    name: "PostReport [unknown resource → 400]",
    operationId: "PostReport",
    safe: false,
    needs: ["PostPriceCurveSimulation"],
    async run(ctx) {
      const event = present(ctx.state.event, "event");
      await ctx.call("PostReport", 400, { body: reportOn(ctx, event, ctx.id()) }, "the report names a resource that does not exist");
    },
  },
];
