// An HTTP client of one target (API base URL + token URL) that validates every response against the spec.
import type { OperationId, PathParams, QueryParams, RequestBody } from "../spec/types.js";
import type { ValidationIssue, Validators } from "../spec/validators.js";
import { ownRules, type ResponseRules } from "./document.js";
import { ContractError } from "./errors.js";
import { send, type Exchange, type RecordedRequest } from "./exchange.js";
import { standardIssues } from "./standards.js";

export interface Target {
  /** API base URL, e.g. `https://api.sandbox.voluespark.com/energy-coordination/v1`. */
  baseUrl: string;
  /** Token endpoint, e.g. `https://auth.identity.volue.com/connect/token`. */
  tokenUrl: string;
}

/** A request of one operation, typed by the spec: a renamed parameter or body field is a compile error. */
export interface CallOptions<Op extends OperationId = OperationId> {
  params?: PathParams<Op>;
  query?: QueryParams<Op>;
  body?: RequestBody<Op>;
  /** A body the spec forbids, sent on purpose to see the target refuse it (instead of `body`). */
  invalidBody?: unknown;
  /** The bearer token; `null` sends no Authorization header. */
  token: string | null;
}

/**
 * A request put together by a table of provoked statuses (any operation, any parameters), possibly with a body of
 * another content type or size than the operation accepts.
 */
export interface LooseCall {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | boolean>>;
  /** A JSON value to send as the body. */
  json?: unknown;
  /** A body sent as it is, with its content type. */
  raw?: { contentType: string; text: string };
  token: string | null;
}

/** A response that was validated against the spec; `issues` is empty when it conforms. */
export interface Checked<T = unknown> {
  status: number;
  body: T;
  exchange: Exchange;
  issues: ValidationIssue[];
  /** Whether this response's status passes where `expected` is wanted (exact, or as `--spec`'s document declares). */
  accepts?: (expected: number) => boolean;
  /** What the response was judged by (`the spec`, or `--spec`'s document), for messages. */
  judgedBy?: string;
  /** Called by expectStatus when the response had the status a step wanted: that (operation, status) was provoked. */
  provoked?: (status: number) => void;
}

export interface ClientOptions {
  target: Target;
  validators: Validators;
  /** What responses are judged by; default our spec (`validators`). */
  rules?: ResponseRules;
  timeoutMs: number;
  /** Sees every exchange (verbose output, a test looking at headers). */
  onExchange?: (exchange: Exchange) => void;
  /** Hears of every (operation, status) a step wanted and got. */
  onProvoked?: (operationId: OperationId, status: number) => void;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

export class ContractClient {
  private readonly rules: ResponseRules;

  constructor(private readonly options: ClientOptions) {
    this.rules = options.rules ?? ownRules(options.validators);
  }

  /** Why a check that provokes `status` is not judged: the document responses are judged by declares no such answer. */
  undeclared(operationId: OperationId, status: number): string | undefined {
    return this.rules.undeclared(operationId, status);
  }

  /** Per request, in milliseconds. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  get target(): Target {
    return this.options.target;
  }

  /** The URL of an operation with its path parameters filled in. */
  url(operationId: OperationId, params: Readonly<Record<string, string>> = {}, query: Readonly<Record<string, unknown>> = {}): string {
    const op = this.options.validators.spec.byId.get(operationId);
    if (!op) throw new Error(`unknown operationId ${operationId}`);
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${operationId}: path parameter ${name} is missing`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const base = op.ownServer ? this.options.target.tokenUrl : `${trimSlash(this.options.target.baseUrl)}${path}`;
    return search ? `${base}?${search}` : base;
  }

  /** Sends one API request and validates the response against the spec; never throws for what the target does. */
  async send<Op extends OperationId>(operationId: Op, call: CallOptions<Op>): Promise<Checked<unknown>> {
    const op = this.options.validators.spec.byId.get(operationId);
    if (!op) throw new Error(`unknown operationId ${operationId}`);
    const headers: Record<string, string> = {};
    if (call.token !== null) headers.Authorization = `Bearer ${call.token}`;
    const request: RecordedRequest = { method: op.method.toUpperCase(), url: this.url(operationId, call.params, call.query), headers };
    const body = call.invalidBody ?? call.body;
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      request.body = JSON.stringify(body);
    }
    return this.exchange(operationId, request);
  }

  /** Sends a request of any operation as a table of provoked statuses describes it (see LooseCall). */
  async sendLoose(operationId: OperationId, call: LooseCall): Promise<Checked<unknown>> {
    const op = this.options.validators.spec.byId.get(operationId);
    if (!op) throw new Error(`unknown operationId ${operationId}`);
    const headers: Record<string, string> = {};
    if (call.token !== null) headers.Authorization = `Bearer ${call.token}`;
    const request: RecordedRequest = { method: op.method.toUpperCase(), url: this.url(operationId, call.params, call.query), headers };
    if (call.raw) {
      headers["Content-Type"] = call.raw.contentType;
      request.body = call.raw.text;
    } else if (call.json !== undefined) {
      headers["Content-Type"] = "application/json";
      request.body = JSON.stringify(call.json);
    }
    return this.exchange(operationId, request);
  }

  /** Asks the token endpoint for a client-credentials token (the form the guide shows). */
  async requestToken<T = unknown>(clientId: string, clientSecret: string, grantType = "client_credentials"): Promise<Checked<T>> {
    const body = new URLSearchParams({ grant_type: grantType, client_id: clientId, client_secret: clientSecret }).toString();
    const request = { method: "POST", url: this.options.target.tokenUrl, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body };
    return this.exchange<T>("RequestToken", request);
  }

  private async exchange<T>(operationId: OperationId, request: RecordedRequest): Promise<Checked<T>> {
    const exchange = await send(operationId, request, this.options.timeoutMs);
    this.options.onExchange?.(exchange);
    const response = exchange.response;
    if (!response) throw new ContractError(exchange.error ?? "no response", { exchange });
    const issues: ValidationIssue[] = response.parseError
      ? [{ field: "body", pointer: "/", message: response.parseError }]
      : [...this.rules.response(operationId, response.status, response.contentType, response.body).issues, ...standardIssues(operationId, response)];
    const accepts = (expected: number) => this.rules.accepts(operationId, expected, response.status);
    const provoked = (status: number) => this.options.onProvoked?.(operationId, status);
    return { status: response.status, body: response.body as T, exchange, issues, accepts, judgedBy: this.rules.name, provoked };
  }
}

/** Fails unless the response has the expected status and conforms to the spec. */
export function expectStatus<T>(checked: Checked<T>, status: number, why?: string): Checked<T> {
  const wrongStatus = !(checked.accepts ? checked.accepts(status) : checked.status === status);
  if (wrongStatus || checked.issues.length > 0) {
    const message = wrongStatus
      ? `expected ${status}${why ? ` (${why})` : ""}, got ${checked.status}`
      : `the ${checked.status} response does not match ${checked.judgedBy ?? "the spec"}`;
    throw new ContractError(message, { issues: checked.issues, exchange: checked.exchange });
  }
  checked.provoked?.(status);
  return checked;
}

/** Fails with the exchange that showed the problem. */
export function fail(checked: Pick<Checked, "exchange">, message: string, issues: ValidationIssue[] = []): never {
  throw new ContractError(message, { issues, exchange: checked.exchange });
}
