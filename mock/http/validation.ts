// Request validation from the spec: path and query parameters (coerced to their declared types) and the JSON
// body, with each operation's validators compiled once, on its first request. The result becomes
// `res.locals.input` for the handler.
import { parse as parseQuery } from "node:querystring";
import type { DispatchedHandler } from "./bare.js";
import type { OperationInfo } from "../../spec/openapi.js";
import type { MockContext } from "../context.js";
import { ApiError } from "./errors.js";

const mediaKey = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/** Decodes strictly: invalid UTF-8 throws instead of turning into U+FFFD (a leading BOM is kept, as before). */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The `charset` parameter of a Content-Type, lower-cased, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? "");
  return m ? m[1]!.toLowerCase() : undefined;
}

/** The query string of a request target (without `?` and any fragment), "" when it has none. */
function queryString(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return "";
  const hash = url.indexOf("#", q);
  return url.slice(q + 1, hash === -1 ? undefined : hash);
}

/** A null-prototype copy, so that keys such as `__proto__` stay plain data. */
function plain(source: object | undefined): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, source);
}

/** Validates a request for `op` and leaves the parsed, coerced input in `res.locals.input`. */
export function validate(op: OperationInfo, ctx: Pick<MockContext, "validators">): DispatchedHandler {
  const { validators } = ctx;
  const hasPath = op.parameters.some((p) => p.in === "path");
  const hasQuery = op.parameters.some((p) => p.in === "query");
  const bodyTypes = new Set((op.requestBody?.content ?? []).map((m) => mediaKey(m.contentType)));
  const accepted = [...bodyTypes].join(" or ");
  const operationId = op.operationId;

  return (req, res, next) => {
    const params = hasPath ? plain(req.params) : plain(undefined);
    if (hasPath) {
      const r = validators.parameters(operationId, "path", params);
      if (!r.valid) throw ApiError.invalid(r.issues);
    }
    // As Express 5's `req.query` reads it (its default "simple" parser is node:querystring's), once: a fresh object
    // of null prototype already, so `__proto__` is a plain key there too and no copy is needed.
    const query: Record<string, unknown> = hasQuery ? parseQuery(queryString(req.originalUrl)) : plain(undefined);
    if (hasQuery) {
      const r = validators.parameters(operationId, "query", query);
      if (!r.valid) throw ApiError.invalid(r.issues);
    }
    let body: unknown;
    if (op.requestBody) {
      const raw: unknown = req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0) {
        if (op.requestBody.required) throw ApiError.invalid([{ field: "body", pointer: "/", message: `is required (${accepted})` }], "body-required");
      } else {
        const contentType = mediaKey(req.headers["content-type"]);
        if (!bodyTypes.has(contentType)) {
          throw new ApiError(415, "unsupported-media-type", `Content-Type ${contentType || "(none)"} is not accepted; send ${accepted}`);
        }
        // JSON travels as UTF-8 (RFC 8259 §8.1): another charset, or bytes that are not UTF-8, would otherwise
        // be decoded into U+FFFD replacement characters and stored without a word.
        const charset = charsetOf(req.headers["content-type"]);
        if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
          throw new ApiError(415, "unsupported-media-type", `charset ${charset} is not accepted; send ${accepted} in UTF-8`);
        }
        let text: string;
        try {
          text = UTF8.decode(raw);
        } catch {
          throw ApiError.invalid([{ field: "body", pointer: "/", message: "is not valid UTF-8" }], "malformed-json");
        }
        try {
          body = JSON.parse(text);
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          throw ApiError.invalid([{ field: "body", pointer: "/", message: `is not valid JSON (${reason})` }], "malformed-json");
        }
        const r = validators.requestBody(operationId, body, contentType);
        if (!r.valid) throw ApiError.invalid(r.issues);
      }
    }
    res.locals.input = {
      clientId: res.locals.clientId ?? "",
      // Both passed the operation's parameter schemas just above, which is what PathParams/QueryParams<Op> describe.
      params: params as never,
      query: query as never,
      // The body passed the operation's schema just above, which is what RequestBody<Op> describes.
      body: body as never,
      headers: req.headers,
      operation: op,
    };
    next();
  };
}
