// Renders a recorded request as a `curl` command a person can paste into a shell, with credentials left to
// shell variables: `-H "Authorization: Bearer $TOKEN"`, `client_secret=$CLIENT_SECRET`.
import type { RecordedRequest } from "./exchange.js";

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

const header = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** One line of `curl` that repeats the request; the token and client secret come from `$TOKEN` and `$CLIENT_SECRET`. */
export function toCurl(request: RecordedRequest): string {
  const parts = ["curl"];
  if (request.method !== "GET" || request.body !== undefined) parts.push("-X", request.method);
  parts.push(shellQuote(request.url));
  for (const [name, value] of Object.entries(request.headers)) {
    // Double quotes, so the shell fills in the variable.
    if (name.toLowerCase() === "authorization") {
      const scheme = value.includes(" ") ? `${value.split(" ")[0]} ` : "";
      parts.push("-H", `"${name}: ${scheme}$TOKEN"`);
    }
    else parts.push("-H", shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    if (/x-www-form-urlencoded/i.test(header(request.headers, "content-type") ?? "")) {
      for (const [key, value] of new URLSearchParams(request.body)) {
        parts.push("--data-urlencode", key === "client_secret" ? `"client_secret=$CLIENT_SECRET"` : shellQuote(`${key}=${value}`));
      }
    } else {
      parts.push("--data-raw", shellQuote(request.body));
    }
  }
  return parts.join(" ");
}
