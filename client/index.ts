// A typed client of the Energy Coordination API over openapi-fetch: every operation by path and method, typed
// from the spec (spec/schema.d.ts); tokens by client credentials; failures returned as values, never thrown.
import createFetchClient, { type Client, type ClientPathsWithMethod, type FetchResponse, type MaybeOptionalInit } from "openapi-fetch";
import { bodyStart, ClientError } from "./errors.js";
import { pageUrl, readPage, type ApiPaths, type PagedPath, type PageItem, type PagesArgs } from "./pages.js";
import { createTokenSource, type Fetch } from "./token.js";

export { ClientError, type ClientErrorCode } from "./errors.js";
export type { ApiPaths, PagedPath, PageItem } from "./pages.js";
export type { Fetch } from "./token.js";

export interface ClientOptions {
  /** API base URL, e.g. `https://api.sandbox.voluespark.com/energy-coordination/v1` or the mock's. */
  baseUrl: string;
  /** Token endpoint, e.g. `https://auth.identity.volue.com/connect/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sends every request, the token requests included (default: the global fetch). */
  fetch?: Fetch;
}

type HttpMethod = "get" | "put" | "post" | "delete" | "patch";
type Json = "application/json";

/** openapi-fetch's result, or a ClientError when no usable response arrived (token, network, not JSON). */
export type Result<R> = R | { data?: never; error: ClientError; response?: Response };

// As openapi-fetch's own (unexported) InitParam: the options may be left out when nothing in them is required.
type RequiredKeys<T> = { [K in keyof T]: {} extends Pick<T, K> ? never : K }[keyof T];
type InitArgs<Init> = (RequiredKeys<Init> extends undefined ? never : RequiredKeys<Init>) extends never
  ? [(Init & { [key: string]: unknown })?]
  : [Init & { [key: string]: unknown }];

type Init<P extends keyof ApiPaths, M extends HttpMethod> = MaybeOptionalInit<ApiPaths[P], M>;

/**
 * A method of the client: `client.GET("/users/{userId}", { params: { path: { userId } } })`. Unlike openapi-fetch's
 * own signature, the options are not inferred but typed from the path, so a misspelt optional field is an error too.
 */
export type Method<M extends HttpMethod> = <P extends ClientPathsWithMethod<Client<ApiPaths>, M>>(
  path: P,
  ...init: InitArgs<Init<P, M>>
) => Promise<Result<ApiPaths[P][M] extends infer Op extends Record<string | number, unknown> ? FetchResponse<Op, Init<P, M>, Json> : never>>;

export interface EnergyClient {
  GET: Method<"get">;
  POST: Method<"post">;
  PUT: Method<"put">;
  PATCH: Method<"patch">;
  DELETE: Method<"delete">;
  /** Every item of a paged list, fetching page after page; throws a ClientError on an error status. */
  pages<P extends PagedPath>(path: P, ...args: PagesArgs<P>): AsyncGenerator<PageItem<P>, void, undefined>;
  /** The current access token (fetched or refreshed when needed). */
  token(): Promise<string>;
}

const INVALID_TOKEN = /\berror="?invalid_token\b/;

/**
 * Reads the body and hands on a fresh Response of the same text, or throws `not-json` when it is not JSON: every
 * response body the spec declares is JSON (application/json or problem+json), so any other body is the target's fault.
 */
async function requireJson(request: Request, res: Response): Promise<Response> {
  const text = await res.text();
  if (text !== "") {
    try {
      JSON.parse(text);
    } catch {
      const type = res.headers.get("content-type") ?? "no content type";
      const path = new URL(request.url).pathname;
      throw new ClientError("not-json", `${request.method} ${path}: the ${res.status} response is not JSON (${type}): ${bodyStart(text)}`, { status: res.status, body: bodyStart(text) });
    }
  }
  const headers = new Headers(res.headers);
  for (const h of ["content-encoding", "transfer-encoding"]) headers.delete(h);
  headers.set("content-length", String(new TextEncoder().encode(text).byteLength));
  const empty = text === "" || res.status === 204 || res.status === 304;
  return new Response(empty ? null : text, { status: res.status, statusText: res.statusText, headers });
}

/** Creates a client that gets its own tokens; see the README's "Typed client". */
export function createClient(options: ClientOptions): EnergyClient {
  const send: Fetch = options.fetch ?? ((input) => fetch(input));
  const tokens = createTokenSource({ tokenUrl: options.tokenUrl, clientId: options.clientId, clientSecret: options.clientSecret, fetch: send });

  // Every API request: a bearer token, one retry with a new token after 401 invalid_token, a JSON check.
  const authorized: Fetch = async (request) => {
    const again = request.clone();
    const token = await tokens.get();
    request.headers.set("Authorization", `Bearer ${token}`);
    let res = await send(request);
    if (res.status === 401 && INVALID_TOKEN.test(res.headers.get("www-authenticate") ?? "")) {
      await res.body?.cancel();
      tokens.invalidate(token);
      again.headers.set("Authorization", `Bearer ${await tokens.get()}`);
      res = await send(again);
    }
    return requireJson(request, res);
  };

  const api = createFetchClient<ApiPaths, Json>({ baseUrl: options.baseUrl.replace(/\/+$/, ""), fetch: authorized });
  const asError = (e: unknown): ClientError =>
    e instanceof ClientError ? e : new ClientError("network", `no response from ${options.baseUrl}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });

  // What openapi-fetch would throw (a token failure, no response, not JSON) becomes an `error` value.
  const settle = <R>(call: Promise<R>): Promise<R | { error: ClientError }> => call.catch((e: unknown) => ({ error: asError(e) }));

  // The casts: TypeScript cannot relate a generic method's result to the same result widened by `{ error }`;
  // the value is exactly openapi-fetch's, or the `{ error }` of settle().
  return {
    GET: ((path, ...init) => settle(api.GET(path, ...init))) as Method<"get">,
    POST: ((path, ...init) => settle(api.POST(path, ...init))) as Method<"post">,
    PUT: ((path, ...init) => settle(api.PUT(path, ...init))) as Method<"put">,
    PATCH: ((path, ...init) => settle(api.PATCH(path, ...init))) as Method<"patch">,
    DELETE: ((path, ...init) => settle(api.DELETE(path, ...init))) as Method<"delete">,
    token: () => tokens.get(),
    async *pages<P extends PagedPath>(template: P, ...args: PagesArgs<P>) {
      const [opts] = args;
      const path = opts && "path" in opts ? opts.path : undefined;
      for (let page = 1; ; page++) {
        const url = `${options.baseUrl.replace(/\/+$/, "")}${pageUrl(template, path, page, opts?.pageSize)}`;
        let res: Response;
        try {
          res = await authorized(new Request(url, { headers: { Accept: "application/json" } }));
        } catch (e) {
          throw asError(e);
        }
        const text = await res.text();
        if (!res.ok) throw new ClientError("status", `GET ${new URL(url).pathname}: ${res.status}: ${bodyStart(text)}`, { status: res.status, body: bodyStart(text) });
        const read = readPage(text === "" ? undefined : JSON.parse(text), page);
        if (!read) throw new ClientError("status", `GET ${new URL(url).pathname}: the ${res.status} response is not a page: ${bodyStart(text)}`, { status: res.status, body: bodyStart(text) });
        // The body is the operation's 200 response, which the generated types describe (as openapi-fetch trusts it).
        yield* read.items as PageItem<P>[];
        if (!read.more) return;
      }
    },
  };
}
