// One HTTP request and what came back, recorded whole so a failure can show it and `curl` can replay it.

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The raw body as sent (JSON text or a form). */
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  contentType: string | undefined;
  text: string;
  /** The parsed JSON body, the text for other content types, `undefined` when empty. */
  body: unknown;
  /** Set when a JSON content type carried text that is not JSON. */
  parseError?: string;
}

export interface Exchange {
  operationId: string;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Why no response arrived (timeout, refused connection). */
  error?: string;
  ms: number;
}

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? "");

async function record(response: Response): Promise<RecordedResponse> {
  const text = await response.text();
  const headers = Object.fromEntries(response.headers.entries());
  const contentType = response.headers.get("content-type") ?? undefined;
  const recorded: RecordedResponse = { status: response.status, headers, contentType, text, body: text === "" ? undefined : text };
  if (text !== "" && isJson(contentType)) {
    try {
      recorded.body = JSON.parse(text);
    } catch (e) {
      recorded.parseError = `body is not JSON: ${(e as Error).message}`;
    }
  }
  return recorded;
}

function reason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `timed out after ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message;
  return `no response: ${err.message ?? String(e)}${cause ? ` (${cause})` : ""}`;
}

/** Sends a request and records it; never throws (a timeout or network error is recorded in `error`). */
export async function send(operationId: string, request: RecordedRequest, timeoutMs: number): Promise<Exchange> {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    return { operationId, request, response: await record(response), ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { operationId, request, error: reason(e, timeoutMs), ms: Math.round(performance.now() - started) };
  }
}
