// The order in which the tag folders run their operations, so that a run from top to bottom finds every object
// it needs: create before read, delete only what nothing later uses. Each run makes its own ids.
import type { OperationId } from "../spec/types.js";
import { filledValue, gone, isolated, listChecks, readBack, readBackAt, refused, removed, unsupported } from "./checks.js";
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

const USER = "/users/{{userId}}";
const LOCATION = "/users/{{userId}}/locations/{{locationId}}";
const WEBHOOK = "/webhooks/{{webhookId}}";
const UNKNOWN = "{{$guid}}";

/** Pre-request line: the start of the next hour (UTC), for the power limits the LPC simulations ask for. */
const NEXT_HOUR = 'pm.collectionVariables.set("lpcHour", new Date(Math.ceil(Date.now() / 3600000) * 3600000).toISOString().replace(".000Z", "Z"));';

/** Test lines: the simulated event reads back whole from /events/{id}. */
const SIMULATED_EVENT_READS_BACK = readBackAt("the simulated event", '"/events/" + pm.response.json().simulatedEvent.id', "pm.response.json().simulatedEvent");

/** Folders in run order (spec tags), each with its operations in run order. */
export const ENDPOINT_FOLDERS: { tag: string; steps: Step[] }[] = [
  {
    tag: "Authentication",
    steps: [{ operationId: "RequestToken", ...KEEP_TOKEN, after: [...KEEP_TOKEN.after, "wrongSecret();"] }],
  },
  {
    tag: "Users",
    steps: [
      {
        operationId: "PostUser",
        before: [fresh("userId")],
        after: [
          echoes("body.userId", "userId"),
          readBack("the user", USER),
          refused("a duplicate userId", "POST", "/users", "sent()", [409]),
          unsupported("a user", "/users"),
        ],
      },
      {
        operationId: "GetUserById",
        after: [
          echoes("body.userId", "userId"),
          isolated("the user", USER),
          isolated("a DELETE of the user", USER, "DELETE"),
          refused("an unknown userId", "GET", `/users/${UNKNOWN}`, undefined, [404]),
        ],
      },
      {
        operationId: "PostUsers",
        // Three users, so that the user list has pages to walk; the third stays without a location (not eligible).
        before: [fresh("batchUserId1"), fresh("batchUserId2"), fresh("batchUserId3")],
        body: { users: [{ userId: "{{batchUserId1}}" }, { userId: "{{batchUserId2}}" }, { userId: "{{batchUserId3}}" }] },
        after: [
          readBack("batch user 1", "/users/{{batchUserId1}}", filledValue({ userId: "{{batchUserId1}}" })),
          readBack("batch user 2", "/users/{{batchUserId2}}", filledValue({ userId: "{{batchUserId2}}" })),
          readBack("batch user 3", "/users/{{batchUserId3}}", filledValue({ userId: "{{batchUserId3}}" })),
          refused("a batch of userIds registered already", "POST", "/users/batch", "sent()", [409]),
        ],
      },
      {
        operationId: "GetUsers",
        after: [
          'unauthorized("/users");',
          ...listChecks("user list", { path: "/users", items: "users", id: "userId", paged: true }, { ids: ["{{userId}}", "{{batchUserId1}}", "{{batchUserId2}}", "{{batchUserId3}}"] }),
        ],
      },
      { operationId: "DeleteUserById", path: { userId: "{{batchUserId2}}" }, after: [gone("batch user 2", "/users/{{batchUserId2}}")] },
    ],
  },
  {
    tag: "Locations",
    steps: [
      {
        operationId: "PostLocation",
        before: [fresh("locationId")],
        after: [
          echoes("body.locationId", "locationId"),
          readBack("the location", LOCATION),
          refused("a duplicate locationId", "POST", `${USER}/locations`, "sent()", [409]),
          refused("a location of an unknown user", "POST", `/users/${UNKNOWN}/locations`, "sent()", [404]),
        ],
      },
      {
        operationId: "GetLocationsByUserId",
        after: listChecks("user's location list", { path: `${USER}/locations`, items: null, id: "locationId", parents: { userId: "{{userId}}" } }, { ids: ["{{locationId}}"], exactly: true }),
      },
      {
        operationId: "GetLocationByLocationId",
        after: [
          echoes("body.locationId", "locationId"),
          'meterEcho("the location", pm.response.json());',
          'pm.test("the location names the run\'s user, if any", function () { const u = pm.response.json().userId; if (u != null) pm.expect(u, "body.userId").to.equal(pm.collectionVariables.get("userId")); });',
          isolated("the location", LOCATION),
        ],
      },
      { operationId: "UpdateLocation", after: [readBack("the location after PUT", LOCATION), 'remember("writtenLocation", sent());'] },
      {
        operationId: "PatchLocation",
        // A value the PUT did not set, so that an ignored PATCH shows.
        body: { locationType: "Other" },
        after: [readBack("the location after PATCH", LOCATION, 'Object.assign(remembered("writtenLocation"), sent())'), 'meterEcho("the location", pm.response.json());'],
      },
      {
        operationId: "PostLocations",
        // Two locations, so that a batch stored in part shows; the second lies in a test area and stays (its user becomes eligible).
        before: [fresh("batchLocationId"), fresh("batchLocationId2")],
        body: {
          locations: [
            { userId: "{{batchUserId1}}", locationId: "{{batchLocationId}}", locationType: "Residential", meterPointIds: ["{{meterPointId}}"] },
            { userId: "{{batchUserId1}}", locationId: "{{batchLocationId2}}", locationType: "Commercial", coordinates: { latitude: 78.2209, longitude: 15.6195 } },
          ],
        },
        after: [
          readBack("batch location 1", "/users/{{batchUserId1}}/locations/{{batchLocationId}}", 'without(sent().locations[0], ["userId"])'),
          readBack("batch location 2", "/users/{{batchUserId1}}/locations/{{batchLocationId2}}", 'without(sent().locations[1], ["userId"])'),
          'call("the batch user\'s location list", "GET", "/users/{{batchUserId1}}/locations", {}, function (res, body) { holdsExactly("batch user\'s location list", body, "locationId", ["{{batchLocationId}}", "{{batchLocationId2}}"]); });',
          refused("a batch of locationIds registered already", "POST", "/users/locations/batch", "sent()", [409]),
          refused(
            "a batch location of an unknown user",
            "POST",
            "/users/locations/batch",
            filledValue({ locations: [{ userId: UNKNOWN, locationId: UNKNOWN, locationType: "Residential" }] }),
            [404],
          ),
        ],
      },
      {
        operationId: "DeleteLocation",
        path: { userId: "{{batchUserId1}}", locationId: "{{batchLocationId}}" },
        // A resource at the location, which the delete must take with it.
        before: [
          fresh("batchResourceId"),
          'call("a resource at batch location 1", "POST", "/users/{{batchUserId1}}/locations/{{batchLocationId}}/resources", { body: filled({ resourceId: "{{batchResourceId}}", resourceType: "Generic" }) }, function (res, body, request) { if (res.code !== 201) pm.test("a resource at batch location 1", function () { throw new Error(request + " answered " + res.code); }); });',
        ],
        after: [gone("batch location 1", "/users/{{batchUserId1}}/locations/{{batchLocationId}}"), gone("the resource at batch location 1", "/resources/{{batchResourceId}}")],
      },
    ],
  },
  {
    tag: "Resources",
    steps: [
      {
        operationId: "PostVehicle",
        before: [fresh("vehicleId")],
        after: [
          echoes("body.resourceId", "vehicleId"),
          readBack("the vehicle", "/resources/{{vehicleId}}", 'Object.assign(sent(), filled({ userId: "{{userId}}", locationId: null }))'),
          refused("a duplicate vehicle resourceId", "POST", `${USER}/vehicles`, "sent()", [409]),
          refused("a vehicle of an unknown user", "POST", `/users/${UNKNOWN}/vehicles`, "sent()", [404]),
        ],
      },
      {
        operationId: "PostLocationBoundResource",
        before: [fresh("resourceId")],
        after: [
          echoes("body.resourceId", "resourceId"),
          readBack("the resource", "/resources/{{resourceId}}", 'Object.assign(sent(), filled({ userId: "{{userId}}", locationId: "{{locationId}}" }))'),
          refused("a duplicate resourceId", "POST", `${LOCATION}/resources`, "sent()", [409]),
          refused("a resource at an unknown location", "POST", `${USER}/locations/${UNKNOWN}/resources`, "sent()", [404]),
        ],
      },
      {
        operationId: "GetResourcesForUser",
        after: listChecks("user's resource list", { path: `${USER}/resources`, items: "resources", id: "resourceId", parents: { userId: "{{userId}}" } }, { ids: ["{{vehicleId}}", "{{resourceId}}"], exactly: true }),
      },
      {
        operationId: "GetLocationBoundResources",
        after: listChecks("location's resource list", { path: `${LOCATION}/resources`, items: null, id: "resourceId", parents: { userId: "{{userId}}", locationId: "{{locationId}}" } }, { ids: ["{{resourceId}}"], exactly: true }),
      },
      {
        operationId: "GetResourceById",
        after: [echoes("body.resourceId", "resourceId"), isolated("the resource", "/resources/{{resourceId}}"), isolated("a DELETE of the vehicle", "/resources/{{vehicleId}}", "DELETE")],
      },
      { operationId: "DeleteResourceById", path: { resourceId: "{{vehicleId}}" }, after: [gone("the vehicle", "/resources/{{vehicleId}}")] },
    ],
  },
  {
    tag: "Spark Program",
    steps: [
      {
        operationId: "GetUserEligibilityByUserId",
        after: [
          echoes("body.userId", "userId"),
          'pm.test("a user with a location in a test area is eligible", function () { pm.expect(pm.response.json().isEligible, "body.isEligible").to.equal(true); });',
          isolated("the user's eligibility", `${USER}/eligibility`),
        ],
      },
      { operationId: "GetMpidEligibility", after: [echoes("body.meterPointId", "meterPointId")] },
      {
        operationId: "PostUserEnrollment",
        after: [
          readBack("the enrollment", `${USER}/enrollment`, filledValue({ userId: "{{userId}}", isEnrolled: true })),
          refused("the enrollment of a user with no location in an eligible area", "POST", "/users/{{batchUserId3}}/enrollment", undefined, [400]),
        ],
      },
      { operationId: "GetUserEnrollmentByUserId", after: [echoes("body.userId", "userId"), isolated("the enrollment", `${USER}/enrollment`)] },
      {
        operationId: "GetEligibleUsers",
        after: listChecks("eligible-user list", { path: "/users/eligible", items: "users", id: "userId", paged: true }, { ids: ["{{userId}}", "{{batchUserId1}}"], absent: ["{{batchUserId3}}"] }),
      },
      {
        operationId: "FetchUserCompensation",
        after: ['inCurrentPeriod("the compensation period", pm.response.json().period);', isolated("the user's compensation", `${USER}/compensation`)],
      },
      { operationId: "DeleteUserEnrollment", after: [readBack("the enrollment after the delete", `${USER}/enrollment`, filledValue({ userId: "{{userId}}", isEnrolled: false }))] },
    ],
  },
  {
    tag: "Webhooks",
    steps: [
      {
        operationId: "PostWebhook",
        after: [keep("webhookId", "body.webhookId"), readBack("the webhook", WEBHOOK, 'without(sent(), ["webhookSecret"])'), unsupported("a webhook", "/webhooks")],
      },
      { operationId: "GetWebhooks", after: listChecks("webhook list", { path: "/webhooks", items: "webhooks", id: "webhookId" }, { ids: ["{{webhookId}}"] }) },
      { operationId: "GetWebhookById", after: [echoes("body.webhookId", "webhookId"), isolated("the webhook", WEBHOOK)] },
      {
        operationId: "UpdateWebhookById",
        after: [readBack("the webhook after PUT", WEBHOOK, 'without(sent(), ["webhookSecret"])'), 'remember("writtenWebhook", without(sent(), ["webhookSecret"]));'],
      },
      { operationId: "PatchWebhookById", after: [readBack("the webhook after PATCH", WEBHOOK, 'Object.assign(remembered("writtenWebhook"), sent())')] },
      // Disabled here (the webhook starts enabled, so only false shows that the flag sticks), enabled again by the checks.
      { operationId: "UpdateWebhookEnabledById", query: { enabled: "false" }, after: [`enabledSticks(${JSON.stringify(WEBHOOK)});`] },
      {
        operationId: "GetWebhookNotificationLogs",
        before: AWAIT_DELIVERY,
        after: [
          keep("notificationId", "body.webhookNotificationLogs[0].notificationId"),
          'remember("listedDelivery", pm.response.json().webhookNotificationLogs[0]);',
          'pm.test("every delivery listed is for the webhook asked for", function () { (pm.response.json().webhookNotificationLogs || []).forEach(function (l, i) { pm.expect(l.webhookId, "body.webhookNotificationLogs[" + i + "].webhookId").to.equal(pm.collectionVariables.get("webhookId")); }); });',
          ...listChecks(
            "delivery log list of the webhook",
            { path: "/webhooks/logs", query: "webhookId={{webhookId}}", items: "webhookNotificationLogs", id: "notificationId", paged: true },
            { ids: ["{{notificationId}}"] },
          ),
        ],
      },
      {
        operationId: "GetWebhookNotificationLogById",
        after: [
          'pm.test("the delivery log reads as it was listed", function () { const issues = differences(remembered("listedDelivery"), pm.response.json().webhookNotificationLog, "/webhookNotificationLog"); if (issues.length) throw new Error(explain(issues)); });',
          isolated("the delivery log", "/webhooks/logs/{{notificationId}}"),
        ],
      },
      { operationId: "DeleteWebhookById", after: [gone("the webhook", WEBHOOK)] },
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
          'hourly("the price curve", pm.response.json().simulatedEvent.payload.priceCurveDelta);',
          'pm.test("the price curve targets the resource asked for", function () { const issues = differences(sent().targets, pm.response.json().simulatedEvent.payload.targets, "/simulatedEvent/payload/targets"); if (issues.length) throw new Error(explain(issues)); });',
          SIMULATED_EVENT_READS_BACK,
        ],
      },
      { operationId: "PostUserEligibilitySimulation", after: [SIMULATED_EVENT_READS_BACK] },
      {
        operationId: "PostLPCLocationSimulation",
        before: [NEXT_HOUR],
        replace: { "2026-11-27T17:00:00Z": "{{lpcHour}}" },
        after: ['holdsExactly("location LPC event\'s target list", pm.response.json().simulatedEvent.payload.targets, "locationId", ["{{locationId}}"]);', SIMULATED_EVENT_READS_BACK],
      },
      {
        operationId: "PostLPCResourceSimulation",
        before: [NEXT_HOUR],
        replace: { "2026-11-27T17:00:00Z": "{{lpcHour}}" },
        after: [
          'holdsExactly("resource LPC event\'s target list", pm.response.json().simulatedEvent.payload.targets, "resourceId", ["{{resourceId}}"]);',
          SIMULATED_EVENT_READS_BACK,
          refused(
            "an LPC simulation for an unknown resource",
            "POST",
            "/simulation/events/lpc/resources",
            `(function (r) { r.resources[0].resource.resourceId = pm.variables.replaceIn("${UNKNOWN}"); return r; })(sent())`,
            [400],
          ),
        ],
      },
      {
        operationId: "PostTenantDataSimulation",
        before: ['userCount("the user count before the simulated partner data", function (n) { pm.collectionVariables.set("usersBefore", String(n)); });'],
        after: ['usersChanged("the simulated partner data shows in the user list", true);'],
      },
      { operationId: "DeleteTenantDataSimulation", after: ['usersChanged("the simulated partner data is gone from the user list", false);'] },
    ],
  },
  {
    tag: "Events",
    steps: [
      {
        operationId: "GetAllEvents",
        after: [
          'newestFirst("event list", pm.response.json().events, "createdAt");',
          ...listChecks("event list", { path: "/events", items: "events", id: "id", paged: true }, { ids: ["{{eventId}}"] }),
        ],
      },
      { operationId: "GetEventById", after: [echoes("body.id", "eventId"), isolated("the event", "/events/{{eventId}}")] },
    ],
  },
  {
    tag: "Reports",
    steps: [
      {
        operationId: "PostReport",
        after: [
          echoes("body.eventId", "eventId"),
          refused("a report naming an unknown event", "POST", "/reports", `Object.assign(sent(), filled({ eventId: "${UNKNOWN}" }))`, [400]),
          'tooLarge("/reports");',
          refused(
            "a report naming an unknown resource",
            "POST",
            "/reports",
            `(function (r) { r.payloads[0].resourceId = pm.variables.replaceIn("${UNKNOWN}"); return r; })(sent())`,
            [400],
          ),
        ],
      },
    ],
  },
];

/** After the tag folders: removes the users the run registered (with their locations and resources). */
export const CLEANUP: Step[] = [
  {
    operationId: "DeleteUserById",
    name: "Clean up: delete the run's users",
    description: "Not an operation of its own: removes the users the folders above registered, with their locations and resources, so that a run against a shared deployment leaves nothing behind.",
    after: [gone("the user", USER), removed("batch user 1", "/users/{{batchUserId1}}"), removed("batch user 3", "/users/{{batchUserId3}}")],
  },
];

/** Every operationId the folders run, in order. */
export const plannedOperations = (): OperationId[] => ENDPOINT_FOLDERS.flatMap((f) => f.steps.map((s) => s.operationId));
