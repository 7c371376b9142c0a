// The Quickstart folder: the vendor's getting-started guide, one request per step. Each step keeps the ids it
// creates in collection variables for the next one, and every run makes new ids.
import { gone, readBack, readBackAt, refused } from "./checks.js";
import { KEEP_TOKEN } from "./scripts.js";
import { echoes, fresh, keep, type Step } from "./step.js";

export const QUICKSTART_DESCRIPTION = [
  "Follows the getting-started guide: get a token, register a user with a vehicle, a location and a resource at",
  "that location, subscribe a webhook, trigger a price curve, read it back from the events, and report what the",
  "resource used; the last two steps delete what the run created. Run the folder from top to bottom (Run folder, or",
  "`npm run newman`); each step keeps the ids it creates in the collection variables for the next.",
].join(" ");

export const QUICKSTART: Step[] = [
  {
    operationId: "RequestToken",
    name: "1. Get an access token",
    description: [
      "We use OAuth2 client credentials: POST `grant_type=client_credentials`, `client_id` and `client_secret`",
      "form-encoded to the token endpoint, then send `Authorization: Bearer <access_token>` with every API request.",
      "The token lives 60 minutes. This collection fetches and refreshes it by itself (collection pre-request script),",
      "and the collection's Authorization tab has the same settings for the Get New Access Token button. This step",
      "shows the call and keeps the token it gets for the next steps.",
    ].join(" "),
    ...KEEP_TOKEN,
  },
  {
    operationId: "PostUser",
    name: "2. Register a user",
    description: [
      "The User object is a customer of your service. Register it under an id of your choice; you will use the",
      "`userId` to register the user's locations and resources, which tell us who earns incentives from your reports.",
    ].join(" "),
    before: [fresh("userId")],
    body: { userId: "{{userId}}" },
    after: [echoes("body.userId", "userId"), readBack("the user", "/users/{{userId}}")],
  },
  {
    operationId: "PostVehicle",
    name: "3. Register a vehicle",
    description: "Resources are bound to a fixed location or, like vehicles, move around. A vehicle belongs to the user.",
    before: [fresh("vehicleId")],
    body: { resourceId: "{{vehicleId}}", resourceType: "Vehicle" },
    after: [echoes("body.resourceId", "vehicleId"), readBack("the vehicle", "/resources/{{vehicleId}}")],
  },
  {
    operationId: "PostLocation",
    name: "4. Register a location",
    description: [
      "A Location is a site of the user, placed in the grid by its meter point ids (needed for the user to be paid)",
      "and coordinates. These coordinates lie in the sandbox's test area in Longyearbyen, so the user becomes eligible.",
      "(The guide's singular `meterPointId` is deprecated; send `meterPointIds`.)",
    ].join(" "),
    before: [fresh("locationId")],
    body: {
      locationId: "{{locationId}}",
      locationType: "Residential",
      meterPointIds: ["{{meterPointId}}"],
      coordinates: { latitude: 78.2209, longitude: 15.6195 },
    },
    after: [echoes("body.locationId", "locationId"), readBack("the location", "/users/{{userId}}/locations/{{locationId}}")],
  },
  {
    operationId: "PostLocationBoundResource",
    name: "5. Register a location-bound resource",
    description: "A resource that stays at one location, here a hot-water tank.",
    before: [fresh("resourceId")],
    body: { resourceId: "{{resourceId}}", resourceType: "HotWaterTank" },
    after: [echoes("body.resourceId", "resourceId"), readBack("the resource", "/resources/{{resourceId}}")],
  },
  {
    operationId: "PostWebhook",
    name: "6. Register a webhook",
    description: [
      "Events are pushed to your webhook, signed with your secret (`X-Payload-Signature`, Base64 HMAC-SHA256 of the",
      "raw body). Set `webhookUrl` to an endpoint of yours; `npm run webhook-receiver` gives one locally.",
    ].join(" "),
    body: { webhookUrl: "{{webhookUrl}}", name: "Quickstart", webhookSecret: "{{webhookSecret}}", notificationTypes: ["PriceCurveCreated"] },
    after: [keep("webhookId", "body.webhookId"), readBack("the webhook", "/webhooks/{{webhookId}}", 'without(sent(), ["webhookSecret"])')],
  },
  {
    operationId: "PostPriceCurveSimulation",
    name: "7. Trigger a price curve",
    description: [
      "In the sandbox you can make events happen. This creates a price curve for the resource you registered;",
      "it is stored (read it in the next step) and pushed to your webhook.",
    ].join(" "),
    body: { targets: [{ resourceId: "{{resourceId}}", locationId: "{{locationId}}" }] },
    after: [
      keep("eventId", "body.simulatedEvent.id"),
      keep("eventHour1", "body.simulatedEvent.payload.priceCurveDelta.points[0].timestamp"),
      keep("eventHour2", "body.simulatedEvent.payload.priceCurveDelta.points[1].timestamp"),
      readBackAt("the price curve", '"/events/" + pm.response.json().simulatedEvent.id', "pm.response.json().simulatedEvent"),
    ],
  },
  {
    operationId: "GetAllEvents",
    name: "8. Read the events",
    description: "Events can also be polled, newest first. The price curve of the previous step is on the first page.",
    after: [
      'pm.test("the events include the price curve", function () {',
      "  const ids = (pm.response.json().events || []).map(function (e) { return e.id; });",
      '  pm.expect(ids).to.include(pm.collectionVariables.get("eventId"));',
      "});",
    ],
  },
  {
    operationId: "PostReport",
    name: "9. Send a report",
    description: [
      "Report what the resource used in the event's hours (UTC, start of the hour, the event's resolution), one",
      "report per event with a payload per resource.",
    ].join(" "),
    body: {
      eventId: "{{eventId}}",
      payloads: [
        {
          payloadType: "EnergyUsage",
          resourceId: "{{resourceId}}",
          locationId: "{{locationId}}",
          meterPointId: "{{meterPointId}}",
          resolution: "01:00:00",
          points: [
            { timestamp: "{{eventHour1}}", kiloWattHours: 2.5 },
            { timestamp: "{{eventHour2}}", kiloWattHours: 1.75 },
          ],
        },
      ],
    },
    after: [
      echoes("body.eventId", "eventId"),
      refused("a report naming an unknown event", "POST", "/reports", 'Object.assign(sent(), filled({ eventId: "{{$guid}}" }))', [400]),
    ],
  },
  {
    operationId: "DeleteWebhookById",
    name: "10. Clean up: delete the webhook",
    description: "Not part of the guide: removes the webhook of step 6, so that runs against a shared sandbox leave nothing behind.",
    after: [gone("the webhook", "/webhooks/{{webhookId}}")],
  },
  {
    operationId: "DeleteUserById",
    name: "11. Clean up: delete the user",
    description: "Not part of the guide: removes the user of step 2 with its vehicle, location and resource.",
    after: [gone("the user", "/users/{{userId}}"), gone("the vehicle", "/resources/{{vehicleId}}"), gone("the resource", "/resources/{{resourceId}}")],
  },
];
