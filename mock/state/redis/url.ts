// The `--store` URL of the Redis store: `redis://[user:pass@]HOST:PORT/DB` (or `rediss://` for TLS), checked
// once at start-up so that a typo fails with one line naming what is wrong instead of a connection that never comes.

/** Where the keys of the store live unless `--store-prefix` says otherwise. */
export const DEFAULT_PREFIX = "ec:";

export interface RedisTarget {
  /** The URL as given, with any password replaced by `***`, for messages and logs. */
  display: string;
  tls: boolean;
  host: string;
  port: number;
  db: number;
  username: string | undefined;
  password: string | undefined;
}

const DEFAULT_PORT = 6379;

/** Parses a store URL; throws an Error whose one-line message says what is wrong. */
export function parseStoreUrl(text: string): RedisTarget {
  const shown = redact(text);
  const fail = (why: string) => new Error(`--store ${shown}: ${why} (expected redis://[user:password@]host:port/db)`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail("not a URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw fail(`scheme ${url.protocol.slice(0, -1)} is not supported; use redis or rediss`);
  // WHATWG URL keeps `[::1]` with its brackets; net.connect wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw fail("no host");
  // URL itself refuses a port that is not a number or is above 65535; 0 slips through.
  const port = url.port === "" ? DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw fail(`port ${url.port} is not between 1 and 65535`);
  const path = url.pathname.replace(/^\//, "");
  // How many databases there are is the server's setting (16 by default); it refuses one it lacks at SELECT.
  if (!/^\d{0,9}$/.test(path)) throw fail(`database "${decodeURIComponent(path)}" is not a number`);
  const db = path === "" ? 0 : Number(path);
  if (url.search !== "" || url.hash !== "") throw fail("query and fragment are not supported");
  return {
    display: shown,
    tls: url.protocol === "rediss:",
    host,
    port,
    db,
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password: url.password === "" ? undefined : decodeURIComponent(url.password),
  };
}

/** The URL without its password, so that no message or log line shows a secret. */
export function redact(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}
