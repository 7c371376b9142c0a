// What a step of the flow is, and the context the steps share while the flow runs.
import { randomUUID } from "node:crypto";
import type { GetEventResponse, LocationType, NotificationType, OperationId, PathParams, ResponseBody } from "../spec/types.js";
import { ContractClient, expectStatus, type CallOptions, type Checked, type LooseCall } from "./client.js";

export interface Credentials {
  id: string;
  secret: string;
}

/** A step returns this to say it was skipped, and why. */
export interface Skip {
  skipped: string;
}

export const skip = (reason: string): Skip => ({ skipped: reason });

export interface Step {
  /** The operationId, with a bracketed note for a second check of the same operation: `PostLocation [duplicate → 409]`. */
  name: string;
  operationId: OperationId;
  /** True for what `--read-only` keeps: GETs and the token request, nothing that writes or fails a sign-in. */
  safe: boolean;
  /** Steps whose results this one uses; it is skipped when one of them did not pass. */
  needs: string[];
  /**
   * Needs nothing of the concurrent steps next to it, and changes nothing they read (on a correct target): the runner
   * may run a row of such steps side by side. They are still reported in flow order.
   */
  concurrent?: boolean;
  run(ctx: FlowContext): Promise<Skip | void>;
}

/** The operations that delete what the flow created. */
export type DeleteOperation = "DeleteWebhookById" | "DeleteResourceById" | "DeleteLocation" | "DeleteUserById" | "DeleteTenantDataSimulation";

/** Something the flow created, with the operation that deletes it and that operation's path parameters. */
export type CreatedBy<Op extends DeleteOperation> = {
  operationId: Op;
  params: PathParams<Op>;
  /** Whose token deletes it. */
  as: "client" | "second";
  /** The target may or may not have kept it (a refused request it might have half-done): a 404 on delete is fine. */
  uncertain?: boolean;
};
export type Created = { [Op in DeleteOperation]: CreatedBy<Op> }[DeleteOperation];

/** What a call without its token may say; the context adds the client's token unless one is given. */
export type Call<Op extends OperationId> = Omit<CallOptions<Op>, "token"> & { token?: string | null };

/** The body of an operation's answer with the given status, as the spec declares it. */
export type Answer<Op extends OperationId, Status extends number> = Checked<ResponseBody<Op, Status>>;

/** A location as the flow registered it (what every read must show). */
export interface SentLocation {
  locationId: string;
  locationType: LocationType;
  meterPointIds: string[];
  coordinates?: { latitude: number; longitude: number } | null;
}

/** A webhook as the flow registered it. */
export interface SentWebhook {
  webhookId: string;
  webhookUrl: string;
  name: string;
  notificationTypes: NotificationType[];
}

/** What the steps learn along the way (ids they chose, the token, the events they caused). */
export interface FlowState {
  token?: string;
  secondToken?: string;
  userId?: string;
  /** More users of the same client, so that the user list has pages to walk at pageSize 1. */
  siblingUserId?: string;
  thirdUserId?: string;
  /** Users registered in one batch, each then given a location in a test area (so eligible). */
  batchUsers?: string[];
  batchLocations?: (SentLocation & { userId: string })[];
  vehicle?: { resourceId: string; resourceType: "Vehicle" };
  location?: SentLocation & { locationType: "Residential"; coordinates: { latitude: number; longitude: number } };
  resource?: { resourceId: string; resourceType: "HotWaterTank"; meterPointId: string };
  /** The user's second location: changed with PATCH and PUT, then deleted with its resource. */
  spareLocation?: SentLocation;
  spareResource?: { resourceId: string; resourceType: "Charger" };
  webhook?: SentWebhook;
  webhookSecret?: string;
  /** The secrets the flow gave its other webhooks (none may come back). */
  otherSecrets?: string[];
  /** More webhooks, for the list; the last one receives deliveries when the suite has a URL for them. */
  otherWebhooks?: SentWebhook[];
  delivery?: { webhook: SentWebhook; secret: string };
  /** The price-curve event, the one reported on. */
  event?: GetEventResponse;
  /** Every event the flow caused, newest last. */
  events?: GetEventResponse[];
  /** The simulation that caused each event, by event id (for messages). */
  causedBy?: Record<string, string>;
  /** A delivery log entry's notificationId. */
  notificationId?: string;
  enrollmentId?: string;
  /** The deployment's clock, as it stamped something it just made (ms since the epoch). */
  now?: number;
  /** The user count before the partner data simulation added its users. */
  usersBeforeSimulation?: number;
  deletedUsers?: string[];
}

/** Where deliveries go: a receiver the suite runs (whose requests it sees) or a URL given with --webhook-url. */
export interface DeliveryTarget {
  url: string;
  /** The deliveries the suite's own receiver got so far (absent for a URL the suite cannot see). */
  received?: () => readonly ReceivedDelivery[];
  /** Why deliveries cannot be checked (no URL the target can reach). */
  unavailable?: string;
}

export interface ReceivedDelivery {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export class FlowContext {
  readonly state: FlowState = {};
  readonly created: Created[] = [];
  /** What the clean-up could not remove, for the report. */
  readonly leftovers: string[] = [];

  constructor(
    readonly api: ContractClient,
    readonly credentials: Credentials,
    readonly second: Credentials | undefined,
    readonly prefix: string,
    readonly delivery: DeliveryTarget = { url: "", unavailable: "no webhook URL (--webhook-url)" },
  ) {}

  /** A fresh id that no other run uses: the prefix and a UUID. */
  id(): string {
    return `${this.prefix}-${randomUUID()}`;
  }

  token(who: "client" | "second" = "client"): string {
    const token = who === "client" ? this.state.token : this.state.secondToken;
    if (!token) throw new Error(`no ${who === "client" ? "" : "second client's "}token yet`);
    return token;
  }

  /**
   * Sends a request with the client's token (or the given one) and checks status and schema; the answer is typed by
   * the operation's declared body for the expected status (which expectStatus has just checked it against).
   */
  async call<Op extends OperationId, Status extends number>(operationId: Op, expected: Status, call: Call<Op> = {}, why?: string): Promise<Answer<Op, Status>> {
    const checked = await this.api.send(operationId, { ...call, token: call.token !== undefined ? call.token : this.token() });
    return expectStatus(checked, expected, why) as Answer<Op, Status>;
  }

  /** Sends a create and remembers the object for clean-up as soon as the target says it exists, then checks it. */
  async create<Op extends OperationId, Status extends number>(
    operationId: Op,
    expected: Status,
    call: Call<Op>,
    created: (body: unknown) => Created | undefined,
    why?: string,
  ): Promise<Answer<Op, Status>> {
    const checked = await this.api.send(operationId, { ...call, token: call.token !== undefined ? call.token : this.token() });
    const object = created(checked.body);
    if (object) this.track(checked, object);
    return expectStatus(checked, expected, why) as Answer<Op, Status>;
  }

  /** Forgets something the flow has deleted itself. */
  untrack(operationId: DeleteOperation, params: Readonly<Record<string, string>>): void {
    const key = JSON.stringify(params);
    const i = this.created.findIndex((c) => c.operationId === operationId && JSON.stringify(c.params) === key);
    if (i >= 0) this.created.splice(i, 1);
  }

  /** Sends a request of any operation (the status tables) with the client's token unless another (or none) is given. */
  async loose(operationId: OperationId, call: Omit<LooseCall, "token"> & { token?: string | null }): Promise<Checked<unknown>> {
    return this.api.sendLoose(operationId, { ...call, token: call.token !== undefined ? call.token : this.token() });
  }

  /** Remembers something for clean-up once the target said it was created (any 2xx, even if the step then fails). */
  track(checked: Pick<Checked, "status">, created: Created): void {
    if (checked.status < 200 || checked.status > 299) return;
    const key = JSON.stringify([created.operationId, created.params]);
    if (!this.created.some((c) => JSON.stringify([c.operationId, c.params]) === key)) this.created.push(created);
  }
}

/** Reads a state value a step needs; its absence is a bug in the flow's `needs`, not a failure of the target. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the flow has no ${what} yet (a missing entry in a step's needs)`);
  return value;
}
