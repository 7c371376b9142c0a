// The order in which the tag folders run their operations, so that a run from top to bottom finds every object
// it needs: create before read, delete only what nothing later uses. Each run makes its own ids.
import type { OperationId } from "../spec/types.js";
import { KEEP_TOKEN } from "./scripts.js";
import { echoes, fresh, keep, type Step } from "./step.js";

/** Example values of the spec that stand for objects of the run; bodies get the variable instead. */
export const EXAMPLE_VARIABLES: Record<string, string> = {
  "partner-demo": "{{client_id}}",
  "partner-demo-secret": "{{client_secret}}",
  "3880a832-f483-4b6a-998d-6109d3a54b06": "{{userId}}",
  "4b146c67-9e59-4cfb-863c-8c175659e8ba": "{{vehicleId}}",
  "3fd2a74c-9a01-4c78-a924-60054faffa75": "{{locationId}}",
  "23202835-7843-4a90-b6d9-235fdf0e5844": "{{resourceId}}",
  "707057500012345678": "{{meterPointId}}",
  "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f": "{{eventId}}",
  "2026-11-27T00:00:00Z": "{{eventHour1}}",
  "2026-11-27T01:00:00Z": "{{eventHour2}}",
  "https://partner.example/hooks/spark": "{{webhookUrl}}",
  "a-long-random-secret": "{{webhookSecret}}",
};

/** Path parameters whose variable is not named like the parameter. */
export const PATH_VARIABLES: Record<string, string> = { mpid: "meterPointId" };

/** Query parameters that take a variable rather than an example value. */
export const QUERY_VARIABLES: Record<string, string> = { webhookId: "webhookId" };

// A delivery log needs a notification: trigger a price curve (the webhook subscribes to them) and wait until the
// service has logged an attempt for this webhook, so the request below has something to list. Errors become
// failed tests, because an error thrown in a sendRequest callback would be lost.
const AWAIT_DELIVERY = [
  "(function () {",
  '  const auth = pm.request.headers.get("Authorization");',
  '  const base = pm.variables.get("baseUrl");',
  '  const logs = base + "/webhooks/logs?webhookId=" + encodeURIComponent(pm.variables.get("webhookId"));',
  "  function fail(message) {",
  '    pm.test("a delivery is logged for webhook " + pm.variables.get("webhookId"), function () { throw new Error(message); });',
  "  }",
  "  let tries = 0;",
  "  function poll() {",
  '    pm.sendRequest({ url: logs, method: "GET", header: { Authorization: auth, Accept: "application/json" } }, function (err, res) {',
  '      if (err) return fail("GET " + logs + " failed: " + err.message);',
  "      const page = res.code === 200 ? res.json() : {};",
  "      if ((page.webhookNotificationLogs || []).length > 0) return;",
  '      if (++tries >= 40) return fail("no delivery was logged within 20 s (last answer: " + res.code + ")");',
  "      setTimeout(poll, 500);",
  "    });",
  "  }",
  "  pm.sendRequest({",
  '    url: base + "/simulation/events/pricecurve",',
  '    method: "POST",',
  '    header: { Authorization: auth, "Content-Type": "application/json", Accept: "application/json" },',
  '    body: { mode: "raw", raw: "{}" },',
  "  }, function (err, res) {",
  '    if (err || res.code !== 200) return fail("simulating a price curve failed: " + (err ? err.message : res.code + " " + res.text()));',
  "    poll();",
  "  });",
  "})();",
];

/** Folders in run order (spec tags), each with its operations in run order. */
export const ENDPOINT_FOLDERS: { tag: string; steps: Step[] }[] = [
  {
    tag: "Authentication",
    steps: [{ operationId: "RequestToken", ...KEEP_TOKEN }],
  },
  {
    tag: "Users",
    steps: [
      { operationId: "PostUser", before: [fresh("userId")], after: [echoes("body.userId", "userId")] },
      { operationId: "GetUsers" },
      { operationId: "GetUserById", after: [echoes("body.userId", "userId")] },
      {
        operationId: "PostUsers",
        before: [fresh("batchUserId1"), fresh("batchUserId2")],
        replace: { "3880a832-f483-4b6a-998d-6109d3a54b06": "{{batchUserId1}}", "7d0c5a9e-2b1f-4c8e-9a3d-5e6f7a8b9c01": "{{batchUserId2}}" },
      },
      { operationId: "DeleteUserById", path: { userId: "{{batchUserId2}}" } },
    ],
  },
  {
    tag: "Locations",
    steps: [
      { operationId: "PostLocation", before: [fresh("locationId")], after: [echoes("body.locationId", "locationId")] },
      { operationId: "GetLocationsByUserId" },
      { operationId: "GetLocationByLocationId", after: [echoes("body.locationId", "locationId")] },
      { operationId: "UpdateLocation" },
      { operationId: "PatchLocation" },
      {
        operationId: "PostLocations",
        before: [fresh("batchLocationId")],
        replace: { "3880a832-f483-4b6a-998d-6109d3a54b06": "{{batchUserId1}}", "3fd2a74c-9a01-4c78-a924-60054faffa75": "{{batchLocationId}}" },
      },
      { operationId: "DeleteLocation", path: { userId: "{{batchUserId1}}", locationId: "{{batchLocationId}}" } },
    ],
  },
  {
    tag: "Resources",
    steps: [
      { operationId: "PostVehicle", before: [fresh("vehicleId")], after: [echoes("body.resourceId", "vehicleId")] },
      { operationId: "PostLocationBoundResource", before: [fresh("resourceId")], after: [echoes("body.resourceId", "resourceId")] },
      { operationId: "GetResourcesForUser" },
      { operationId: "GetLocationBoundResources" },
      { operationId: "GetResourceById", after: [echoes("body.resourceId", "resourceId")] },
      { operationId: "DeleteResourceById", path: { resourceId: "{{vehicleId}}" } },
    ],
  },
  {
    tag: "Spark Program",
    steps: [
      { operationId: "GetUserEligibilityByUserId" },
      { operationId: "GetMpidEligibility" },
      { operationId: "PostUserEnrollment" },
      { operationId: "GetUserEnrollmentByUserId" },
      { operationId: "GetEligibleUsers" },
      { operationId: "FetchUserCompensation" },
      { operationId: "DeleteUserEnrollment" },
    ],
  },
  {
    tag: "Webhooks",
    steps: [
      { operationId: "PostWebhook", after: [keep("webhookId", "body.webhookId")] },
      { operationId: "GetWebhooks" },
      { operationId: "GetWebhookById", after: [echoes("body.webhookId", "webhookId")] },
      { operationId: "UpdateWebhookById" },
      { operationId: "PatchWebhookById" },
      { operationId: "UpdateWebhookEnabledById", query: { enabled: "true" } },
      {
        operationId: "GetWebhookNotificationLogs",
        before: AWAIT_DELIVERY,
        after: [keep("notificationId", "body.webhookNotificationLogs[0].notificationId")],
      },
      { operationId: "GetWebhookNotificationLogById" },
      { operationId: "DeleteWebhookById" },
    ],
  },
  {
    tag: "Simulation",
    steps: [
      {
        operationId: "PostPriceCurveSimulation",
        after: [
          keep("eventId", "body.simulatedEvent.id"),
          keep("eventHour1", "body.simulatedEvent.payload.priceCurveDelta.points[0].timestamp"),
          keep("eventHour2", "body.simulatedEvent.payload.priceCurveDelta.points[1].timestamp"),
        ],
      },
      { operationId: "PostUserEligibilitySimulation" },
      { operationId: "PostLPCLocationSimulation" },
      { operationId: "PostLPCResourceSimulation" },
      { operationId: "PostTenantDataSimulation" },
      { operationId: "DeleteTenantDataSimulation" },
    ],
  },
  {
    tag: "Events",
    steps: [{ operationId: "GetAllEvents" }, { operationId: "GetEventById", after: [echoes("body.id", "eventId")] }],
  },
  {
    tag: "Reports",
    steps: [{ operationId: "PostReport", after: [echoes("body.eventId", "eventId")] }],
  },
];

/** Every operationId the folders run, in order. */
export const plannedOperations = (): OperationId[] => ENDPOINT_FOLDERS.flatMap((f) => f.steps.map((s) => s.operationId));
