// Test helper: starts the mock on 127.0.0.1:0, gets tokens, and checks EVERY response against the spec
// (the status must be declared for the operation and the body must match it; /_mock responses against
// spec/mock-control.yaml). A response that does not conform throws, which fails the test that received it.
import { randomUUID } from "node:crypto";
import { inject, onTestFinished } from "vitest";
import type { OperationInfo } from "../spec/openapi.js";
import type { operations } from "../spec/schema.js";
import type { OperationId, PathParams, QueryParams, RequestBody, ResponseBody } from "../spec/types.js";
import { formatIssues } from "../spec/validators.js";
import { DEMO_CLIENT, specValidators, type ClientCredentials, type MockContext, type MockOptions } from "./context.js";
import { routeTable, TOKEN_PATH } from "./http/routing.js";
import { DETAIL_HEADER } from "./http/errors.js";
import { startMock as startMockServer, type StartedMock } from "./start.js";
import { CONTROL_BASE, controlValidators } from "./control/spec.js";

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else the text ("" when empty). */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  /** A value to send as JSON. */
  body?: unknown;
  /** Bytes or text to send as they are (with `contentType`, if any). */
  raw?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** The operations served under the API base (not the token endpoint, not the webhook the mock sends). */
export type ApiOperation = Exclude<OperationId, "RequestToken" | "ReceiveEventNotification">;

/** The statuses the spec declares for an operation. */
export type DeclaredStatus<Op extends OperationId> = Extract<keyof operations[Op]["responses"], number>;

/** One operation's request, typed by the spec: a renamed parameter or body field is a compile error. */
export interface CallOptions<Op extends ApiOperation> {
  params?: PathParams<Op>;
  query?: QueryParams<Op>;
  body?: RequestBody<Op>;
  headers?: Record<string, string>;
}

/** An answer with the status a call expected, its body typed as the spec declares it for that status. */
export type TypedResponse<Op extends ApiOperation, S extends DeclaredStatus<Op>> = Omit<TestResponse, "status" | "body"> & { status: S; body: ResponseBody<Op, S> };

/** A client logged in as one partner; paths are relative to the API base (`/users`). */
export interface ApiClient {
  token: string;
  /**
   * Calls an operation by its operationId and throws unless it answers `expected`; the answer, checked against the
   * spec like every other, has that status's body type (so a spec change that breaks a test fails to compile).
   */
  call<Op extends ApiOperation, S extends DeclaredStatus<Op>>(operationId: Op, expected: S, options?: CallOptions<Op>): Promise<TypedResponse<Op, S>>;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  get(path: string, options?: RequestOptions): Promise<TestResponse>;
  delete(path: string, options?: RequestOptions): Promise<TestResponse>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse>;
  patch(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse>;
}

export interface MockServer {
  ctx: MockContext;
  /** The startMock handle (reset, clock, deliverNow), as a partner's test suite holds it. */
  handle: StartedMock;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `http://127.0.0.1:PORT/energy-coordination/v1` */
  baseUrl: string;
  tokenUrl: string;
  /** Any request; `path` is relative to the origin. The response is checked against the spec. */
  fetch(path: string, init?: RequestInit): Promise<TestResponse>;
  /** A fresh access token for a client (default the first configured one). */
  token(client?: ClientCredentials): Promise<string>;
  /** An ApiClient with a fresh token. */
  login(client?: ClientCredentials): Promise<ApiClient>;
  /** A client that sends the given token (or none). */
  as(token: string | undefined): ApiClient;
  close(): Promise<void>;
}

/** A control API path (validated against spec/mock-control.yaml instead of the API's spec). */
const isControlPath = (pathname: string) => pathname.toLowerCase().startsWith(`${CONTROL_BASE}/`);

/** The spec operation a request goes to, as the mock routes it (the mock's own route table). */
export function operationFor(method: string, pathname: string): OperationInfo | undefined {
  return routeTable().find(method, pathname)?.op;
}

/** The ways a response breaks the spec (empty when it conforms). */
export function conformanceIssues(method: string, pathname: string, res: { status: number; headers: Headers; body: unknown }): string[] {
  const op = operationFor(method, pathname);
  const validators = isControlPath(pathname) ? controlValidators() : specValidators();
  const contentType = res.headers.get("content-type") ?? undefined;
  const issues: string[] = [];
  if (!op && method.toUpperCase() === "OPTIONS" && res.status === 204) {
    // OPTIONS on a path of the spec: the methods it allows, nothing else.
    if (!res.headers.get("allow")) issues.push("204 to OPTIONS without an Allow header");
    if (res.body !== "") issues.push("204 to OPTIONS with a body");
    return issues;
  }
  if (!op) {
    // Unknown route or wrong method: the mock's own 404/405 problem documents.
    if (res.status !== 404 && res.status !== 405) issues.push(`status ${res.status} for a request that matches no operation (expected 404 or 405)`);
    if (res.status === 405 && !res.headers.get("allow")) issues.push("405 without an Allow header");
    if (!contentType?.startsWith("application/problem+json")) issues.push(`content-type ${contentType} (expected application/problem+json)`);
    const r = validators.schema("HttpValidationProblemDetails", res.body, "body");
    if (!r.valid) issues.push(formatIssues(r.issues));
    return issues;
  }
  // An answer injected by the client's faults (mock/faults/faults.ts) is none of the operation's: a marked problem document.
  if (/\b(rate-limit|error)\b/.test(res.headers.get("x-mock-fault") ?? "")) {
    const r = validators.schema("HttpValidationProblemDetails", res.body, "body");
    if (!r.valid) issues.push(formatIssues(r.issues));
    if (!contentType?.startsWith("application/problem+json")) issues.push(`content-type ${contentType} of an injected fault (expected application/problem+json)`);
    return issues;
  }
  const r = validators.response(op.operationId, res.status, contentType, res.body);
  if (!r.valid) issues.push(`${op.operationId}: ${formatIssues(r.issues)}`);
  // An answer the spec lets go without a body (it declares X-Mock-Detail) says in that header why.
  const declaresDetail = op.responses.find((x) => x.status === String(res.status))?.headers.includes(DETAIL_HEADER);
  if (declaresDetail && res.body === "" && !res.headers.get(DETAIL_HEADER)) issues.push(`${op.operationId}: ${res.status} without a body and without ${DETAIL_HEADER}`);
  if (res.status === 401 && op.secured && !/^Bearer\b/.test(res.headers.get("www-authenticate") ?? "")) issues.push("401 without a WWW-Authenticate: Bearer challenge");
  if (res.status === 405 && !res.headers.get("allow")) issues.push("405 without an Allow header");
  return issues;
}

/** What an answer sent without a body says: its status, its X-Mock-Detail header and its (empty) text. */
export const refusal = (res: Pick<TestResponse, "status" | "headers" | "text">) => ({ status: res.status, detail: res.headers.get(DETAIL_HEADER), text: res.text });

async function read(res: Response): Promise<TestResponse> {
  const text = await res.text();
  const isJson = /json/.test(res.headers.get("content-type") ?? "");
  return { status: res.status, headers: res.headers, text, body: isJson && text !== "" ? (JSON.parse(text) as unknown) : text };
}

/** fetch, with the response read and checked against the spec (throws when it does not conform). */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<TestResponse> {
  const res = await read(await fetch(url, init));
  const method = init.method ?? "GET";
  const { pathname } = new URL(url);
  const issues = method === "HEAD" ? [] : conformanceIssues(method, pathname, res);
  if (issues.length > 0) {
    throw new Error(`${method} ${pathname} answered ${res.status} ${res.text.slice(0, 300)}\nwhich breaks the spec: ${issues.join("; ")}`);
  }
  return res;
}

/** Starts a mock on 127.0.0.1 and a free port (through the package's startMock). Close it when done (or use `useMock`). */
export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  // In the "redis" project every mock keeps its state in the run's Redis, under a prefix of its own.
  const store = inject("mockStore");
  const mock = await startMockServer(store ? { ...options, store, storePrefix: `t${randomUUID().slice(0, 8)}:` } : options);
  const ctx = mock.context;
  const { origin, baseUrl } = mock;

  const as = (token: string | undefined): ApiClient => {
    const request = (method: string, path: string, o: RequestOptions = {}) => {
      const headers: Record<string, string> = {};
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let body: string | Uint8Array | undefined;
      if (o.raw !== undefined) body = o.raw;
      else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] = "application/json";
      }
      if (o.contentType !== undefined) headers["content-type"] = o.contentType;
      return checkedFetch(baseUrl + path, { method, headers: { ...headers, ...o.headers }, body });
    };
    const call = async <Op extends ApiOperation, S extends DeclaredStatus<Op>>(operationId: Op, expected: S, o: CallOptions<Op> = {}): Promise<TypedResponse<Op, S>> => {
      const route = routeTable().api.find((r) => r.op.operationId === operationId);
      if (!route) throw new Error(`${operationId} is not an operation of the API`);
      const params: Readonly<Record<string, string>> = o.params ?? {};
      const path = route.op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
      const query = new URLSearchParams(Object.entries(o.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const res = await request(route.method, query ? `${path}?${query}` : path, { body: o.body, ...(o.headers ? { headers: o.headers } : {}) });
      if (res.status !== expected) throw new Error(`${operationId} answered ${res.status}, expected ${String(expected)}: ${res.text.slice(0, 300)}`);
      // checkedFetch validated the body against this operation's schema for this status.
      return res as TypedResponse<Op, S>;
    };
    return {
      token: token ?? "",
      call,
      request,
      get: (path, o) => request("GET", path, o),
      delete: (path, o) => request("DELETE", path, o),
      post: (path, body, o) => request("POST", path, { ...o, body }),
      put: (path, body, o) => request("PUT", path, { ...o, body }),
      patch: (path, body, o) => request("PATCH", path, { ...o, body }),
    };
  };

  const token = async (client: ClientCredentials = ctx.clients.list[0] ?? DEMO_CLIENT): Promise<string> => {
    const res = await checkedFetch(origin + TOKEN_PATH, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }).toString(),
    });
    if (res.status !== 200) throw new Error(`token request for ${client.id} failed: ${res.status} ${res.text}`);
    return (res.body as { access_token: string }).access_token;
  };

  return {
    ctx,
    handle: mock,
    origin,
    baseUrl,
    tokenUrl: origin + TOKEN_PATH,
    fetch: (path, init) => checkedFetch(origin + path, init),
    token,
    login: async (client) => as(await token(client)),
    as,
    close: () => mock.close(),
  };
}

/** startMock, closed automatically when the current test finishes. */
export async function useMock(options: MockOptions = {}): Promise<MockServer> {
  const mock = await startMock(options);
  onTestFinished(() => mock.close());
  return mock;
}
