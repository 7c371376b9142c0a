// The client's one error type. Client methods return it as `error` (they never throw it); only `pages()`
// throws it, because a `for await` loop has no other way to stop with a reason.

export type ClientErrorCode =
  /** The token endpoint refused the client id and secret (401 or 400 `invalid_client`). */
  | "token-rejected"
  /** The token endpoint answered something other than a token. */
  | "token-failed"
  /** A response that should be JSON is not. */
  | "not-json"
  /** No response: refused connection, DNS, reset. */
  | "network"
  /** `pages()` met an error status. */
  | "status";

export class ClientError extends Error {
  override name = "ClientError";
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details: {
      /** The HTTP status, when a response arrived. */
      status?: number;
      /** The first 200 characters of the response body, when a response arrived. */
      body?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get body(): string | undefined {
    return this.details.body;
  }
}

/** At most 200 characters of a body, for messages that must stay one readable line. */
export const bodyStart = (text: string): string => text.slice(0, 200);
