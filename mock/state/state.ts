// The one interface of the mock's state, for both halves: the data partners register (users, locations,
// resources, enrollment) and the push half (webhooks, events, delivery attempts, reports). Route handlers talk to
// these two interfaces only; the in-memory stores (`store.ts`, `push-store.ts`) implement them, and so can a
// store that lives elsewhere. Every method may answer at once or with a promise: handlers await each call, which
// costs the in-memory store a microtask, not a copy. Each method enforces its own rules (404 for an unknown
// parent, 409 for a duplicate, all-or-nothing batches, cascading deletes) and throws `ApiError` when one fails.
import type { Coordinate, LocationType, PatchLocationRequest, PostLocationRequest, ResourceType, SparkEventPayload, SparkReportPayload, WebhookNotificationLog, NotificationType, WebhookStatus } from "../../spec/types.js";
import type { Catalogue } from "../domain/events/catalogue.js";
import type { FlushResult } from "../push/delivery.js";
import type { JournalEntry } from "../../spec/control-types.js";

import type { Faults } from "../../spec/control-types.js";

export type Awaitable<T> = T | Promise<T>;

/** A slice of a list and the length of the whole list. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Which slice of a list: where it starts (0-based) and how many items at most. */
export interface Slice {
  start: number;
  size: number;
}

export interface User {
  readonly userId: string;
}

export interface Location {
  readonly userId: string;
  readonly locationId: string;
  readonly locationType: LocationType;
  readonly coordinates: Coordinate | null;
  readonly meterPointIds: readonly string[];
}

export interface Resource {
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly userId: string;
  /** null for vehicles. */
  readonly locationId: string | null;
  readonly meterPointId: string | null;
}

export interface Enrollment {
  readonly enrollmentId: string;
  readonly enrollmentDate: string;
}

/** The fields of a location as a request sends them (POST, PUT or a batch item). */
export type LocationInput = Omit<PostLocationRequest, "locationId">;

export interface ResourceInput {
  resourceId: string;
  resourceType: ResourceType;
  meterPointId?: string | null;
}

/** A simulated partner data set to create: users, each with its locations and resources (see partner-simulation.ts). */
export interface SimulatedPlan {
  users: {
    userId: string;
    locations: { locationId: string; input: LocationInput }[];
    /** `locationId` null for a vehicle. */
    resources: { locationId: string | null; input: ResourceInput }[];
  }[];
}

/** The data partners register, per client. Nothing of one client is visible to another. */
export interface DataStore {
  user(clientId: string, userId: string): Awaitable<User>;
  addUser(clientId: string, userId: string): Awaitable<User>;
  /** All or nothing: a duplicate (stored or within the batch) refuses the whole batch, naming the item. */
  addUsers(clientId: string, userIds: string[]): Awaitable<User[]>;
  /** The client's users in the order they were added. */
  users(clientId: string, slice: Slice): Awaitable<Page<User>>;
  /** Removes the user with its locations, resources and enrollment, in one step. */
  deleteUser(clientId: string, userId: string): Awaitable<void>;

  /** The user's locations in the order they were added (404 for an unknown user). */
  locations(clientId: string, userId: string): Awaitable<Location[]>;
  location(clientId: string, userId: string, locationId: string): Awaitable<Location>;
  addLocation(clientId: string, userId: string, locationId: string, input: LocationInput): Awaitable<Location>;
  /** All or nothing: an unknown user (404) or a duplicate location (409) refuses the whole batch, naming the item. */
  addLocations(clientId: string, items: (LocationInput & { userId: string; locationId: string })[]): Awaitable<Location[]>;
  /** PUT: every field takes the request's value (absent ones their defaults). */
  replaceLocation(clientId: string, userId: string, locationId: string, input: LocationInput): Awaitable<Location>;
  /** PATCH: fields that are sent and not null change; the rest stay. */
  patchLocation(clientId: string, userId: string, locationId: string, input: PatchLocationRequest): Awaitable<Location>;
  /** Removes the location and the resources bound to it. */
  deleteLocation(clientId: string, userId: string, locationId: string): Awaitable<void>;

  resource(clientId: string, resourceId: string): Awaitable<Resource>;
  /** Vehicles and location-bound resources of the user, in creation order (404 for an unknown user). */
  userResources(clientId: string, userId: string): Awaitable<Resource[]>;
  /** The resources bound to a location (404 for an unknown user or location). */
  locationResources(clientId: string, userId: string, locationId: string): Awaitable<Resource[]>;
  /** A vehicle (locationId null) or a location-bound resource. Resource ids are unique per client. */
  addResource(clientId: string, userId: string, locationId: string | null, input: ResourceInput): Awaitable<Resource>;
  deleteResource(clientId: string, resourceId: string): Awaitable<void>;

  /** Whether a location of the user lies in an eligible area (404 for an unknown user). */
  isEligible(clientId: string, userId: string): Awaitable<boolean>;
  /** The eligible users' ids, in the order they became eligible. */
  eligibleUsers(clientId: string, slice?: Slice): Awaitable<Page<string>>;
  /** True when a location of this client carries the meter point and lies in an eligible area. */
  isMeterPointEligible(clientId: string, meterPointId: string): Awaitable<boolean>;
  /** The user's enrollment, or null (404 for an unknown user). */
  enrollment(clientId: string, userId: string): Awaitable<Enrollment | null>;
  /** Enrolls an eligible user (400 otherwise); enrolling again answers the existing enrollment. */
  enroll(clientId: string, userId: string): Awaitable<Enrollment>;
  /** Ends an enrollment; unenrolling a user who is not enrolled changes nothing. */
  unenroll(clientId: string, userId: string): Awaitable<void>;

  /** What the client owns, as the event generators see it. */
  catalogue(clientId: string): Awaitable<Catalogue>;
  /** Throws a 400 naming the first payload that refers to a resource or location the client does not have. */
  checkReport(clientId: string, payloads: readonly SparkReportPayload[]): Awaitable<void>;
  /** The user's locations and the client's resources that reports name, for the month's compensation. */
  compensationData(clientId: string, userId: string, resourceIds: Iterable<string>): Awaitable<{ locations: Location[]; resources: Map<string, Resource> }>;

  /** Creates a simulated data set (all of it or, on a clash, none). */
  addSimulated(clientId: string, plan: SimulatedPlan): Awaitable<void>;
  /** Removes what the client's simulated data sets created and still exist, keeping what the partner has added to since. */
  removeSimulated(clientId: string): Awaitable<void>;

  /** How many locations and resources (vehicles included) the client keeps, for its quotas. */
  dataUsage(clientId: string): Awaitable<{ locations: number; resources: number }>;

  /** Forgets all of the client's data (the control API's reset). */
  clear(clientId: string): Awaitable<void>;
}

export interface Webhook {
  readonly webhookId: string;
  readonly webhookUrl: string;
  readonly name: string | null;
  /** Signs notifications; never shown by the API. */
  readonly secret: string | null;
  readonly notificationTypes: readonly NotificationType[];
  readonly enabled: boolean;
  readonly status: WebhookStatus;
  readonly createdDate: string;
  readonly modifiedDate: string;
  readonly lastAnalyzedTimestamp: string;
}

export interface WebhookInput {
  webhookUrl: string;
  name: string | null;
  secret: string | null;
  notificationTypes: NotificationType[];
}

/** A change to a webhook: absent fields stay. A new URL has no delivery history, so its status becomes New. */
export interface WebhookChange {
  webhookUrl?: string;
  name?: string | null;
  secret?: string;
  notificationTypes?: NotificationType[];
  enabled?: boolean;
}

/** An event as stored: its page entry serialized once (`{id, createdAt, payload}` as UTF-8 JSON). */
export interface PublishedEvent {
  readonly id: string;
  readonly createdAt: string;
  readonly json: Buffer;
}

export interface DeliveryAttempt {
  readonly log: WebhookNotificationLog;
  /** The exact body sent. */
  readonly content: string;
}

export interface Report {
  readonly id: string;
  readonly eventId: string;
  readonly createdAt: string;
  readonly payloads: readonly SparkReportPayload[];
}

/** A page as the request asks for it: 1-based `page` and its size (defaults already applied). */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The push half, per client: webhooks, the events published to them, every delivery attempt, and reports. */
export interface PushState {
  webhooks(clientId: string): Awaitable<Webhook[]>;
  webhook(clientId: string, webhookId: string): Awaitable<Webhook>;
  addWebhook(clientId: string, input: WebhookInput): Awaitable<Webhook>;
  changeWebhook(clientId: string, webhookId: string, change: WebhookChange): Awaitable<Webhook>;
  deleteWebhook(clientId: string, webhookId: string): Awaitable<void>;

  /** Stores a new event and hands a notification per enabled, subscribed webhook to the deliveries. */
  publish(clientId: string, payload: SparkEventPayload): Awaitable<PublishedEvent>;
  /** The events page, newest first, as the bytes GET /events answers. */
  eventsPage(clientId: string, page: PageRequest): Awaitable<Buffer>;
  /** One event's JSON, or undefined when it is unknown or no longer kept. */
  event(clientId: string, eventId: string): Awaitable<Buffer | undefined>;
  /** The delivery attempts page, newest first (of one webhook when given), as the bytes GET /webhooks/logs answers. */
  deliveryLogsPage(clientId: string, page: PageRequest, webhookId?: string): Awaitable<Buffer>;
  /** A notification's latest attempt still kept. */
  deliveryAttempt(clientId: string, notificationId: string): Awaitable<DeliveryAttempt | undefined>;

  /**
   * Stores a report about a kept event: a 400 naming the event when it is unknown or no longer kept; otherwise
   * `check` runs (the payloads' references) and the report is stored only if it passes.
   */
  addReport(clientId: string, eventId: string, payloads: SparkReportPayload[], check: () => Awaitable<void>): Awaitable<Report>;
  /** How many reports the client keeps and their size (their JSON, in bytes), for its quotas. */
  reportUsage(clientId: string): Awaitable<{ count: number; bytes: number }>;
  /** The client's reports with the payloads of the events they name (absent once an event is no longer kept). */
  reportsWithEvents(clientId: string): Awaitable<{ reports: Report[]; events: Map<string, SparkEventPayload> }>;
  /** Stores the eligible users announced now and answers those announced by the previous UserEligibility event. */
  swapAnnouncedEligible(clientId: string, eligibleNow: readonly string[]): Awaitable<ReadonlySet<string>>;

  /** Runs the client's pending deliveries and retries now. */
  deliverNow(clientId: string): Promise<FlushResult>;
  /** Forgets everything of the client and cancels its pending deliveries (the control API's reset). */
  clear(clientId: string): Awaitable<void>;
  /**
   * Webhook notifications accepted and not yet delivered or given up that stop() drops with this process (0 when
   * they wait in a queue that outlives it).
   */
  pendingDeliveries(): Awaitable<number>;
  /** Resolves when every notification so far is delivered or given up. */
  idle(): Promise<void>;
  /** Stops deliveries and their timers. */
  close(): void | Promise<void>;
}

/**
 * What the store knows of a token: live; expired on its client's clock (`now` is that clock); past its lifetime in
 * real time while its client's clock (frozen or moved back) still runs before `expiresAt`; or unknown (never issued,
 * revoked, past the cap, or forgotten).
 */
export type TokenStatus =
  | { state: "live"; clientId: string }
  | { state: "expired"; clientId: string; expiresAt: number; now: number }
  | { state: "outlived"; clientId: string; expiresAt: number; realExpiresAt: number; now: number }
  | { state: "unknown" };

/** Issued bearer tokens: what every request's bearer check reads. */
export interface TokenState {
  /** A new token for the client, live for the mock's token lifetime on the client's clock and in real time. */
  issue(clientId: string): Awaitable<string>;
  /** Whether a token is live, and if not, why (as far as the store still knows it). */
  status(token: string): Awaitable<TokenStatus>;
  /** Forgets every token of a client (when the client is removed). */
  revokeClient(clientId: string): Awaitable<void>;
}

/** A client's clock as kept: an offset from the base clock, or the instant it stands still at. */
export interface ClientClock {
  offsetMs: number;
  frozenAt: number | undefined;
  /** The client's own random seed for simulations (PUT /_mock/clock `randomSeed`); absent: the mock's. */
  seed?: number | undefined;
  /** The client's injected faults (mock/faults/faults.ts): absent, the mock's defaults; null, none. */
  faults?: Faults | null | undefined;
}

/**
 * Where clients' clocks are kept when several processes share them: each process loads a client's clock before
 * serving that client's request and saves it on every change.
 */
export interface ClockBacking {
  load(clientId: string): Promise<ClientClock | undefined>;
  /** undefined: back to the base clock. */
  save(clientId: string, clock: ClientClock | undefined): Promise<void>;
}

/** Requests a journal keeps per client; the oldest go first. */
export const JOURNAL_SIZE = 1000;

/** Each client's last requests (GET /_mock/requests), newest first, at most JOURNAL_SIZE. */
export interface JournalState {
  /** Records a finished request; never waits and never fails the request. */
  add(clientId: string, entry: JournalEntry): void;
  /** The client's last `limit` requests, newest first. */
  latest(clientId: string, limit: number): Awaitable<JournalEntry[]>;
  clear(clientId: string): Awaitable<void>;
}
