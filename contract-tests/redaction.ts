// Keeps credentials out of everything the suite prints or writes: tokens, client secrets.

export const REDACTED = "[redacted]";
const SECRET_KEYS = new Set(["access_token", "refresh_token", "id_token", "client_secret"]);

/** Headers with the credential of `Authorization` replaced, keeping its scheme (`Bearer [redacted]`). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (name.toLowerCase() !== "authorization") return [name, value];
      const scheme = value.split(" ")[0];
      return [name, scheme && scheme !== value ? `${scheme} ${REDACTED}` : REDACTED];
    }),
  );
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? REDACTED : redactJson(v)]));
}

/** A body (JSON or a form) with token and secret fields replaced; other text is returned as it is. */
export function redactBody(body: string | undefined, contentType: string | undefined): string | undefined {
  if (body === undefined || body === "") return body;
  if (/x-www-form-urlencoded/i.test(contentType ?? "")) {
    const form = new URLSearchParams(body);
    for (const key of [...form.keys()]) if (SECRET_KEYS.has(key)) form.set(key, REDACTED);
    return form.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  }
  try {
    return JSON.stringify(redactJson(JSON.parse(body)));
  } catch {
    return body;
  }
}
