// The rules beyond the schema, declared once as data per operationId: an id that must be new (else 409), an id that
// must name an object the client has (else 404), and the 400s a schema-valid request may still get. Each rule names
// its refusal in mock/domain/refusals.ts, whose catalogue gives its status, code and message. The handlers enforce them
// (through the store); rules.test.ts proves over HTTP that each one is enforced as declared.
import type { OperationId } from "../../spec/types.js";
import { REFUSALS, type RefusalName } from "./refusals.js";

/**
 * Where a rule looks: `path.userId`, `body.userId`, or `body.users[].userId` (every item of a list). An id of a
 * batch must also be new within the batch.
 */
export type RuleField = `path.${string}` | `body.${string}`;

/** The field must not name an object that exists already: within the client, or within the user of the path or item. */
export interface UniqueRule {
  field: RuleField;
  within: "client" | "user";
  status: 409;
  code: string;
}

/** The field must name an object of the client's (the parent it is added to, or the object it reads or changes). */
export interface ExistsRule {
  field: RuleField;
  status: 404;
  code: string;
}

/** A 400 that a schema-valid request may get: what the rule says, and the code of its answer. */
export interface InvalidRule {
  rule: string;
  status: 400;
  code: string;
}

export interface OperationRules {
  unique?: readonly UniqueRule[];
  exists?: readonly ExistsRule[];
  invalid?: readonly InvalidRule[];
}

type RefusalWith<Status extends number> = { [N in RefusalName]: (typeof REFUSALS)[N]["status"] extends Status ? N : never }[RefusalName];

const exists = (field: RuleField, refusal: RefusalWith<404>): ExistsRule => ({ field, status: 404, code: REFUSALS[refusal].code });
const unique = (field: RuleField, within: UniqueRule["within"], refusal: RefusalWith<409>): UniqueRule => ({ field, within, status: 409, code: REFUSALS[refusal].code });
/** A 400 of the catalogue. */
const refused = (rule: string, refusal: RefusalWith<400>): InvalidRule => ({ rule, status: 400, code: REFUSALS[refusal].code });
/** A 400 of a field check in a handler (ApiError.invalid, with the field's details), by its code. */
const invalid = (rule: string, code: "validation-failed" | "invalid-webhook-url"): InvalidRule => ({ rule, status: 400, code });

const userExists = exists("path.userId", "user-not-found");
const locationExists = exists("path.locationId", "location-not-found");
const resourceExists = exists("path.resourceId", "resource-not-found");
const webhookExists = exists("path.webhookId", "webhook-not-found");
const newResource = unique("body.resourceId", "client", "resource-exists");
const webhookUrl = invalid("mock: webhookUrl must be an absolute http(s) URL", "invalid-webhook-url");

/** The rules of each operation that has any. */
export const RULES = {
  PostUser: { unique: [unique("body.userId", "client", "user-exists")] },
  PostUsers: { unique: [unique("body.users[].userId", "client", "batch-user-exists")] },
  GetUserById: { exists: [userExists] },
  DeleteUserById: { exists: [userExists] },

  GetLocationsByUserId: { exists: [userExists] },
  PostLocation: { exists: [userExists], unique: [unique("body.locationId", "user", "location-exists")] },
  PostLocations: {
    exists: [exists("body.locations[].userId", "batch-user-not-found")],
    unique: [unique("body.locations[].locationId", "user", "batch-location-exists")],
  },
  GetLocationByLocationId: { exists: [userExists, locationExists] },
  UpdateLocation: { exists: [userExists, locationExists], invalid: [invalid("mock: body.locationId must equal the locationId of the path", "validation-failed")] },
  PatchLocation: { exists: [userExists, locationExists] },
  DeleteLocation: { exists: [userExists, locationExists] },

  PostVehicle: { exists: [userExists], unique: [newResource] },
  PostLocationBoundResource: { exists: [userExists, locationExists], unique: [newResource] },
  GetResourcesForUser: { exists: [userExists] },
  GetLocationBoundResources: { exists: [userExists, locationExists] },
  GetResourceById: { exists: [resourceExists] },
  DeleteResourceById: { exists: [resourceExists] },

  GetUserEnrollmentByUserId: { exists: [userExists] },
  PostUserEnrollment: { exists: [userExists], invalid: [refused("mock: only an eligible user can be enrolled", "user-not-eligible")] },
  DeleteUserEnrollment: { exists: [userExists] },
  GetUserEligibilityByUserId: { exists: [userExists] },
  FetchUserCompensation: { exists: [userExists] },

  GetEventById: { exists: [exists("path.eventId", "event-not-found")] },
  PostReport: { invalid: [refused("spec: every payload must concern one of the client's kept events and the client's own resources and locations", "report-no-resource")] },
  PostWebhook: { invalid: [webhookUrl] },
  GetWebhookById: { exists: [webhookExists] },
  UpdateWebhookById: { exists: [webhookExists], invalid: [webhookUrl] },
  PatchWebhookById: { exists: [webhookExists], invalid: [webhookUrl] },
  DeleteWebhookById: { exists: [webhookExists] },
  UpdateWebhookEnabledById: { exists: [webhookExists] },
  GetWebhookNotificationLogById: { exists: [exists("path.notificationId", "notification-not-found")] },

  PostLPCLocationSimulation: { invalid: [refused("mock: named targets must be the client's own locations", "simulation-target")] },
  PostLPCResourceSimulation: { invalid: [refused("mock: named targets must be the client's own location-bound resources", "simulation-target")] },
} as const satisfies { [Op in OperationId]?: OperationRules };

/** The operations that have rules. */
export type RuledOperation = keyof typeof RULES;

const byId = new Map<string, OperationRules>(Object.entries(RULES));

/** An operation's rules (none for most reads of lists, the token endpoint and the simulations). */
export function rulesOf(operationId: string): OperationRules {
  return byId.get(operationId) ?? {};
}

/** The codes an operation may answer with a status because of its rules (400: beyond the schema, 404: unknown ids, 409: duplicates). */
export function ruleCodes(operationId: string, status: number): string[] {
  const { unique = [], exists = [], invalid = [] } = rulesOf(operationId);
  return [...new Set([...unique, ...exists, ...invalid].filter((r) => r.status === status).map((r) => r.code))];
}
