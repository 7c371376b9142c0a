// Names for the generated types (spec/schema.d.ts), keyed by the spec's schema names and operationIds.
// Import from here with `import type`; never restate a schema by hand.
import type { components, operations } from "./schema.js";

export type Schemas = components["schemas"];
export type Schema<Name extends keyof Schemas> = Schemas[Name];
export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { "application/json": infer B } } ? B : never;

/** The JSON request body of an operation. */
export type RequestBody<Op extends OperationId> = operations[Op] extends { requestBody?: infer R } ? JsonContent<NonNullable<R>> : never;

/** The JSON body of one response of an operation. */
export type ResponseBody<Op extends OperationId, Status extends number> = operations[Op]["responses"] extends infer Rs
  ? Status extends keyof Rs
    ? JsonContent<Rs[Status]>
    : never
  : never;

/** An operation's path parameters (`{ userId: string }`), or none. */
export type PathParams<Op extends OperationId> = [NonNullable<operations[Op]["parameters"]["path"]>] extends [never] ? Record<string, never> : NonNullable<operations[Op]["parameters"]["path"]>;

/** An operation's query parameters, as declared (validation coerces them to these types). */
export type QueryParams<Op extends OperationId> = [NonNullable<operations[Op]["parameters"]["query"]>] extends [never] ? Record<string, never> : NonNullable<operations[Op]["parameters"]["query"]>;

/** The success statuses (2xx) the spec declares for an operation. */
export type SuccessStatus<Op extends OperationId> = Extract<keyof operations[Op]["responses"], 200 | 201 | 202 | 204>;

/** A success answer of an operation: one of its declared 2xx statuses, with that status's body (none for a 204). */
export type SuccessResponse<Op extends OperationId> = {
  [S in SuccessStatus<Op>]: [ResponseBody<Op, S>] extends [never]
    ? { status: S; body?: undefined; headers?: Record<string, string> }
    : { status: S; body: ResponseBody<Op, S>; headers?: Record<string, string> };
}[SuccessStatus<Op>];

// Authentication
export type TokenResponse = Schemas["TokenResponse"];
export type TokenError = Schemas["TokenError"];

// Users, locations, resources
export type PostUserRequest = Schemas["PostUserRequest"];
export type GetUserResponse = Schemas["GetUserResponse"];
export type PostLocationRequest = Schemas["PostLocationRequest"];
export type PostLocationWithUserRequest = Schemas["PostLocationWithUserRequest"];
export type PutLocationRequest = Schemas["PutLocationRequest"];
export type PatchLocationRequest = Schemas["PatchLocationRequest"];
export type GetLocationResponse = Schemas["GetLocationResponse"];
export type PostVehicleResourceRequest = Schemas["PostVehicleResourceRequest"];
export type PostLocationBoundResourceRequest = Schemas["PostLocationBoundResourceRequest"];
export type GetResourceResponse = Schemas["GetResourceResponse"];
export type GetLocationBoundResourceResponse = Schemas["GetLocationBoundResourceResponse"];
export type ResourceType = Schemas["ResourceType"];
export type LocationType = Schemas["LocationType"];
export type Coordinate = Schemas["Coordinate"];
export type ApiPagination = Schemas["ApiPagination"];

// Programme
export type GetUserEnrollmentResponse = Schemas["GetUserEnrollmentResponse"];
export type GetUserEligibilityResponse = Schemas["GetUserEligibilityResponse"];
export type GetUserCompensationForCurrentMonthResponse = Schemas["GetUserCompensationForCurrentMonthResponse"];
export type LocationCompensation = Schemas["LocationCompensation"];

// Events, webhooks, reports
export type GetEventResponse = Schemas["GetEventResponse"];
export type SparkEventPayload = Schemas["SparkEventPayload"];
export type PriceCurvePayload = Schemas["PriceCurvePayload"];
export type UserEligibilityPayload = Schemas["UserEligibilityPayload"];
export type LocationLPCPayload = Schemas["LocationLPCPayload"];
export type ResourceLPCPayload = Schemas["ResourceLPCPayload"];
export type EventNotification = Schemas["EventNotification"];
export type NotificationType = Schemas["NotificationType"];
export type PostWebhookRequest = Schemas["PostWebhookRequest"];
export type PutWebhookRequest = Schemas["PutWebhookRequest"];
export type PatchWebhookRequest = Schemas["PatchWebhookRequest"];
export type GetWebhookResponse = Schemas["GetWebhookResponse"];
export type WebhookStatus = Schemas["WebhookStatus"];
export type WebhookNotificationLog = Schemas["WebhookNotificationLog"];
export type PostReportRequest = Schemas["PostReportRequest"];
export type SparkReportPayload = Schemas["SparkReportPayload"];
export type EnergyUsageReportPayload = Schemas["EnergyUsageReportPayload"];
export type GetReportResponse = Schemas["GetReportResponse"];
export type HttpValidationProblemDetails = Schemas["HttpValidationProblemDetails"];
