// The handler contract: what a route handler receives (the request, validated and typed by its operation, and the
// part of the app's context it may use) and what it answers (one of its operation's declared 2xx answers). The
// route files and the dispatcher depend on this module; it depends only on the spec's types and the state
// interfaces, so nothing here can pull in the app's wiring (context.ts).
import type { IncomingHttpHeaders } from "node:http";
import type { OperationInfo } from "../../spec/openapi.js";
import type { OperationId, PathParams, QueryParams, RequestBody, SuccessResponse, SuccessStatus } from "../../spec/types.js";
import type { Validators } from "../../spec/validators.js";
import type { EligibleArea } from "../domain/eligibility.js";
import type { OneAtATime } from "../domain/breathe.js";
import type { Random } from "../domain/events/catalogue.js";
import type { Quotas } from "../domain/quotas.js";
import type { DataStore, PushState } from "../state/state.js";
import type { TargetPolicy } from "../push/webhook-targets.js";

/** What a handler may use of the app: its state, its clocks and settings, and the spec's validators. */
export interface HandlerContext {
  /** A client's clock (ms since the epoch); without a client, the base clock. Each client may move its own. */
  now: (clientId?: string) => number;
  eligibleAreas: EligibleArea[];
  validators: Validators;
  /** Users, locations, resources and enrollment (the data half). */
  store: DataStore;
  /** Webhooks, events, delivery attempts and reports (the push half). */
  push: PushState;
  /** Where webhooks may deliver (webhook-targets.ts). */
  targets: TargetPolicy;
  /** What each partner may keep (quotas.ts). */
  quotas: Quotas;
  /** Expensive per-client work (compensation, the catalogue walk) runs one at a time per client (breathe.ts). */
  heavyWork: OneAtATime;
  /** The randomness of one simulation call: seeded by the client's seed, the simulation's name and its clock, or Math.random. */
  random: (clientId: string, simulation: string, ...more: (string | number)[]) => Random;
}

/** What a handler gets: the caller's client id and the request, validated against the spec and typed by it. */
export interface ApiRequest<Op extends OperationId = OperationId> {
  clientId: string;
  params: PathParams<Op>;
  /** Query values coerced to the declared types. */
  query: QueryParams<Op>;
  body: RequestBody<Op>;
  headers: IncomingHttpHeaders;
  operation: OperationInfo;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** The body already serialized to UTF-8 JSON (stored bytes of things that never change); sent instead of `body`. */
  json?: Buffer;
  headers?: Record<string, string>;
}

/**
 * A success answer whose body is JSON serialized once and stored (events, delivery logs): the status is still one
 * the operation declares; the bytes are checked against its schema by the tests, as every answer is.
 */
export type StoredJsonResponse<Op extends OperationId> = { status: SuccessStatus<Op>; json: Buffer; headers?: Record<string, string> };

/** An operation's handler: its answer must be one of the operation's declared 2xx statuses, with that body. */
export type Handler<Op extends OperationId = OperationId> = (
  req: ApiRequest<Op>,
  ctx: HandlerContext,
) => SuccessResponse<Op> | StoredJsonResponse<Op> | Promise<SuccessResponse<Op> | StoredJsonResponse<Op>>;

/** What each `mock/routes/<noun>.ts` exports: handlers keyed by operationId. */
export type HandlerMap = { [Op in OperationId]?: Handler<Op> };

