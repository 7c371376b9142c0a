// What a step of the flow is, and the context the steps share while the flow runs.
import { randomUUID } from "node:crypto";
import type { GetEventResponse, OperationId, PathParams, ResponseBody } from "../spec/types.js";
import { ContractClient, expectStatus, type CallOptions, type Checked } from "./client.js";

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
  run(ctx: FlowContext): Promise<Skip | void>;
}

/** The operations that delete what the flow created. */
export type DeleteOperation = "DeleteWebhookById" | "DeleteResourceById" | "DeleteLocation" | "DeleteUserById";

/** Something the flow created, with the operation that deletes it and that operation's path parameters. */
export type CreatedBy<Op extends DeleteOperation> = {
  operationId: Op;
  params: PathParams<Op>;
  /** Whose token deletes it. */
  as: "client" | "second";
};
export type Created = { [Op in DeleteOperation]: CreatedBy<Op> }[DeleteOperation];

/** What a call without its token may say; the context adds the client's token unless one is given. */
export type Call<Op extends OperationId> = Omit<CallOptions<Op>, "token"> & { token?: string | null };

/** The body of an operation's answer with the given status, as the spec declares it. */
export type Answer<Op extends OperationId, Status extends number> = Checked<ResponseBody<Op, Status>>;

/** What the steps learn along the way (ids they chose, the token, the event they found). */
export interface FlowState {
  token?: string;
  secondToken?: string;
  userId?: string;
  /** A second user of the same client, so that the user list has two pages at pageSize 1. */
  siblingUserId?: string;
  vehicle?: { resourceId: string; resourceType: "Vehicle" };
  location?: { locationId: string; locationType: "Residential"; meterPointIds: string[]; coordinates: { latitude: number; longitude: number } };
  resource?: { resourceId: string; resourceType: "HotWaterTank"; meterPointId: string };
  webhook?: { webhookId: string; webhookUrl: string; name: string; notificationTypes: "UserEligibilityUpdated"[] };
  webhookSecret?: string;
  event?: GetEventResponse;
  deletedUsers?: string[];
}

export class FlowContext {
  readonly state: FlowState = {};
  readonly created: Created[] = [];

  constructor(
    readonly api: ContractClient,
    readonly credentials: Credentials,
    readonly second: Credentials | undefined,
    readonly prefix: string,
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

  /** Remembers something for clean-up once the target said it was created (any 2xx, even if the step then fails). */
  track(checked: Pick<Checked, "status">, created: Created): void {
    if (checked.status < 200 || checked.status > 299) return;
    const key = JSON.stringify(created);
    if (!this.created.some((c) => JSON.stringify(c) === key)) this.created.push(created);
  }
}

/** Reads a state value a step needs; its absence is a bug in the flow's `needs`, not a failure of the target. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the flow has no ${what} yet (a missing entry in a step's needs)`);
  return value;
}
