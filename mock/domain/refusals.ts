// Every refusal the API's rules make (an unknown id, a duplicate, a report about something the client does not
// have), in one catalogue: its status, its problem code, and its message as a template. Both stores, the route
// handlers and the Lua scripts of the Redis store name a refusal and give its arguments; only `refuse` renders
// the message, so a wording or a status can change in one place. A script answers `{"e":[name, {args}]}` and
// `scriptRefusal` renders that.
import { ApiError } from "../http/errors.js";

export const REFUSALS = {
  "user-not-found": { status: 404, code: "user-not-found", template: "user {userId} does not exist" },
  "user-exists": { status: 409, code: "user-exists", template: "user {userId} exists already" },
  "batch-user-exists": { status: 409, code: "user-exists", template: "body.users[{index}].userId: user {userId} exists already" },
  "batch-user-twice": { status: 409, code: "user-exists", template: "body.users[{index}].userId: user {userId} appears twice in the batch" },
  "batch-user-not-found": { status: 404, code: "user-not-found", template: "body.locations[{index}].userId: user {userId} does not exist" },

  "location-not-found": { status: 404, code: "location-not-found", template: "user {userId} has no location {locationId}" },
  "location-exists": { status: 409, code: "location-exists", template: "user {userId} has a location {locationId} already" },
  "batch-location-exists": { status: 409, code: "location-exists", template: "body.locations[{index}].locationId: location {locationId} of user {userId} exists already" },
  "batch-location-twice": { status: 409, code: "location-exists", template: "body.locations[{index}].locationId: location {locationId} of user {userId} appears twice in the batch" },

  "resource-not-found": { status: 404, code: "resource-not-found", template: "resource {resourceId} does not exist" },
  "resource-exists": { status: 409, code: "resource-exists", template: "resource {resourceId} exists already" },

  "user-not-eligible": { status: 400, code: "user-not-eligible", template: "user {userId} is not eligible (none of its locations lies in an eligible area), so it cannot be enrolled" },

  "webhook-not-found": { status: 404, code: "webhook-not-found", template: "webhook {webhookId} does not exist" },
  "event-not-found": { status: 404, code: "event-not-found", template: "event {eventId} does not exist" },
  "notification-not-found": { status: 404, code: "notification-not-found", template: "notification {notificationId} does not exist" },

  "report-event-required": { status: 400, code: "invalid-report", template: "body.eventId is required: name the event this report is about" },
  "report-payloads-required": { status: 400, code: "invalid-report", template: "body.payloads must hold at least one payload" },
  "report-event-not-kept": { status: 400, code: "invalid-report", template: "body.eventId: no event {eventId} of this client (it keeps its newest {maxEvents} events)" },
  "report-no-location": { status: 400, code: "invalid-report", template: "{at}.locationId: no location {locationId} of this client" },
  "report-no-resource": { status: 400, code: "invalid-report", template: "{at}.resourceId: no resource {resourceId} of this client" },
  "report-resource-elsewhere": { status: 400, code: "invalid-report", template: "{at}.locationId: resource {resourceId} is at location {actual}, not {locationId}" },
  "report-user-has-no-location": { status: 400, code: "invalid-report", template: "{at}.locationId: user {userId} has no location {locationId}" },

  "simulation-target": { status: 400, code: "invalid-simulation", template: "{problem}" },
} as const satisfies Record<string, { status: number; code: string; template: string }>;

export type RefusalName = keyof typeof REFUSALS;

/** The names in `{…}` of a template. */
type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The arguments a refusal's template needs, by name. */
export type RefusalArgs<N extends RefusalName> = { [K in Placeholders<(typeof REFUSALS)[N]["template"]>]: string | number };

/** A refusal as data: its name and its arguments (what a Lua script answers, and what a store decides). */
export type Refusal = { [N in RefusalName]: { name: N; args: RefusalArgs<N> } }[RefusalName];

/** The problem codes of the catalogue (what `type` of a refusal's body ends with). */
export type RefusalCode = (typeof REFUSALS)[RefusalName]["code"];

function render(template: string, args: object): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value: unknown = Object.hasOwn(args, name) ? Reflect.get(args, name) : undefined;
    if (typeof value !== "string" && typeof value !== "number") throw new Error(`refusal template ${template}: no value for {${name}}`);
    return String(value);
  });
}

/** The ApiError of a refusal, its message rendered from the catalogue. */
export function refuse<N extends RefusalName>(name: N, args: RefusalArgs<N>): ApiError {
  const { status, code, template } = REFUSALS[name];
  return new ApiError(status, code, render(template, args));
}

const isRefusalName = (name: unknown): name is RefusalName => typeof name === "string" && Object.hasOwn(REFUSALS, name);

/**
 * The ApiError of a Lua script's `{"e":[name, {args}]}`. A name the catalogue does not know, or a missing argument, is
 * a bug of the script, not of the request: it throws a plain Error (a 500).
 */
export function scriptRefusal(e: unknown): ApiError {
  const [name, args]: unknown[] = Array.isArray(e) ? e : [];
  if (!isRefusalName(name) || typeof args !== "object" || args === null) throw new Error(`a store script answered an unknown refusal: ${JSON.stringify(e)}`);
  const { status, code, template } = REFUSALS[name];
  return new ApiError(status, code, render(template, args));
}
