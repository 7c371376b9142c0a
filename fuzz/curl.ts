// Renders a request as one curl line that sends the same bytes: `--path-as-is` keeps `..` segments, `$'…'`
// quoting carries control characters and non-ASCII text, repeated headers stay repeated.
import type { RawRequest } from "./client.js";

/** Shell-quotes a string: plain single quotes when printable ASCII, else `$'…'` with escapes. */
export function shellQuote(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `'${s.replace(/'/g, `'\\''`)}'`;
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += "\\\\";
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `$'${out}'`;
}

export interface CurlOptions {
  /** Replaces this token by `$TOKEN` in the line (tokens expire; the reader gets a fresh one). */
  token?: string;
  /** Bodies longer than this are cut, with a note (the seed reproduces them whole). Default 4096. */
  maxBody?: number;
}

/** `curl -sS -i --path-as-is -X POST 'http://127.0.0.1:4010/…' -H '…' --data-binary '…'` */
export function toCurl(origin: string, req: RawRequest, options: CurlOptions = {}): string {
  const parts = ["curl -sS -i --path-as-is", `-X ${req.method}`, shellQuote(origin + req.path)];
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (options.token && v.includes(options.token)) parts.push(`-H "${name}: ${v.split(options.token).join("$TOKEN").replace(/(["\\`])/g, "\\$1")}"`);
      else parts.push(`-H ${shellQuote(`${name}: ${v}`)}`);
    }
  }
  // curl adds a Content-Type of its own for --data-binary; an empty one removes it.
  if (req.body !== undefined && !Object.keys(req.headers).some((k) => k.toLowerCase() === "content-type")) parts.push("-H 'Content-Type:'");
  if (Buffer.isBuffer(req.body) && Buffer.from(req.body.toString("utf8"), "utf8").compare(req.body) !== 0) {
    parts.push(`--data-binary @body.bin # ${req.body.length} bytes of binary (e.g. gzip); the seed reproduces them`);
  } else if (req.body !== undefined) {
    const body = String(req.body);
    const max = options.maxBody ?? 4096;
    parts.push(body.length > max ? `--data-binary ${shellQuote(body.slice(0, max))} # body cut at ${max} of ${body.length} characters` : `--data-binary ${shellQuote(body)}`);
  }
  return parts.join(" ");
}

/** The line that puts a fresh token in $TOKEN for the curl lines above. */
export function tokenLine(origin: string, client: { id: string; secret: string }): string {
  return `TOKEN=$(curl -sS ${shellQuote(`${origin}/connect/token`)} -d grant_type=client_credentials --data-urlencode ${shellQuote(`client_id=${client.id}`)} --data-urlencode ${shellQuote(`client_secret=${client.secret}`)} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`;
}
