// The rules beyond the schema about which objects exist, declared once as data: an id that must be new (else 409)
// and an id that must name an object the client has (else 404), per operation. The handlers enforce them (through
// the store); rules.test.ts proves over HTTP that each one is enforced as declared; the fuzzer reads them to know
// which 404 and 409 a valid request may get.
import type { OperationId } from "../spec/types.js";

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

export interface OperationRules {
  unique?: readonly UniqueRule[];
  exists?: readonly ExistsRule[];
}

const userExists: ExistsRule = { field: "path.userId", status: 404, code: "user-not-found" };
const locationExists: ExistsRule = { field: "path.locationId", status: 404, code: "location-not-found" };
const resourceExists: ExistsRule = { field: "path.resourceId", status: 404, code: "resource-not-found" };
const webhookExists: ExistsRule = { field: "path.webhookId", status: 404, code: "webhook-not-found" };
const newResource: UniqueRule = { field: "body.resourceId", within: "client", status: 409, code: "resource-exists" };

/** The rules of each operation that has any. */
export const RULES = {
  PostUser: { unique: [{ field: "body.userId", within: "client", status: 409, code: "user-exists" }] },
  PostUsers: { unique: [{ field: "body.users[].userId", within: "client", status: 409, code: "user-exists" }] },
  GetUserById: { exists: [userExists] },
  DeleteUserById: { exists: [userExists] },

  GetLocationsByUserId: { exists: [userExists] },
  PostLocation: { exists: [userExists], unique: [{ field: "body.locationId", within: "user", status: 409, code: "location-exists" }] },
  PostLocations: {
    exists: [{ field: "body.locations[].userId", status: 404, code: "user-not-found" }],
    unique: [{ field: "body.locations[].locationId", within: "user", status: 409, code: "location-exists" }],
  },
  GetLocationByLocationId: { exists: [userExists, locationExists] },
  UpdateLocation: { exists: [userExists, locationExists] },
  PatchLocation: { exists: [userExists, locationExists] },
  DeleteLocation: { exists: [userExists, locationExists] },

  PostVehicle: { exists: [userExists], unique: [newResource] },
  PostLocationBoundResource: { exists: [userExists, locationExists], unique: [newResource] },
  GetResourcesForUser: { exists: [userExists] },
  GetLocationBoundResources: { exists: [userExists, locationExists] },
  GetResourceById: { exists: [resourceExists] },
  DeleteResourceById: { exists: [resourceExists] },

  GetUserEnrollmentByUserId: { exists: [userExists] },
  PostUserEnrollment: { exists: [userExists] },
  DeleteUserEnrollment: { exists: [userExists] },
  GetUserEligibilityByUserId: { exists: [userExists] },
  FetchUserCompensation: { exists: [userExists] },

  GetEventById: { exists: [{ field: "path.eventId", status: 404, code: "event-not-found" }] },
  GetWebhookById: { exists: [webhookExists] },
  UpdateWebhookById: { exists: [webhookExists] },
  PatchWebhookById: { exists: [webhookExists] },
  DeleteWebhookById: { exists: [webhookExists] },
  UpdateWebhookEnabledById: { exists: [webhookExists] },
  GetWebhookNotificationLogById: { exists: [{ field: "path.notificationId", status: 404, code: "notification-not-found" }] },
} as const satisfies { [Op in OperationId]?: OperationRules };

/** The operations that have rules. */
export type RuledOperation = keyof typeof RULES;

const byId = new Map<string, OperationRules>(Object.entries(RULES));

/** An operation's rules (none for most reads of lists, the token endpoint and the simulations). */
export function rulesOf(operationId: string): OperationRules {
  return byId.get(operationId) ?? {};
}

/** The codes an operation may answer with a status because of its rules (404: unknown ids, 409: duplicates). */
export function ruleCodes(operationId: string, status: number): string[] {
  const { unique = [], exists = [] } = rulesOf(operationId);
  return [...unique, ...exists].filter((r) => r.status === status).map((r) => r.code);
}
