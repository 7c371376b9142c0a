// The console's one way to the mock: the public API and the control API, with a client-credentials token that is
// fetched again when it expires (moving the clock forward can expire it).
const API = "/energy-coordination/v1";

export class ApiError extends Error {
  constructor(method, path, status, body) {
    // A problem document's detail already names the request.
    if (typeof body?.detail === "string") super(`${status}: ${body.detail}`);
    else super(`${method} ${path}: ${status} ${body && typeof body === "object" ? body.error_description ?? JSON.stringify(body) : String(body ?? "")}`);
    this.status = status;
  }
}

async function requestToken(clientId, clientSecret) {
  const res = await fetch("/connect/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  });
  const body = await res.json().catch(() => null);
  if (res.status !== 200) throw new ApiError("POST", "/connect/token", res.status, body);
  return body.access_token;
}

/** Signs in; resolves with a client whose `api` and `control` methods call the mock as that client. */
export async function signIn(clientId, clientSecret) {
  let token = await requestToken(clientId, clientSecret);

  async function call(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      // The console watches; the client's injected faults (PUT /_mock/faults) are not for its own reads.
      const headers = { authorization: `Bearer ${token}`, "x-mock-console": "1" };
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status === 401 && attempt === 0) {
        token = await requestToken(clientId, clientSecret);
        continue;
      }
      const text = await res.text();
      const parsed = text === "" ? null : JSON.parse(text);
      // A 404 or 409 without a body (as the live service sends them) says why in X-Mock-Detail.
      if (res.status >= 400) throw new ApiError(method, path, res.status, parsed ?? res.headers.get("x-mock-detail"));
      return parsed;
    }
  }

  return {
    clientId,
    /** A call to the public API; `path` is relative to its base (`/users`). */
    api: (method, path, body) => call(method, API + path, body),
    /** A call to the control API (`/reset`, `/clock`...). */
    control: (method, path, body) => call(method, `/_mock${path}`, body),
  };
}
