// The sandbox library: the functions the generated test scripts call. A request's test tab carries the ones it
// calls (transitively), written out after its checks, so each tab reads and runs on its own in the Postman app.
import { LISTS } from "./sandbox-lists.js";
import { REQUESTS } from "./sandbox-requests.js";
import { STANDARDS } from "./sandbox-standards.js";

/** Sandbox functions by name. */
const LIBRARY: Record<string, string[]> = { ...REQUESTS, ...LISTS, ...STANDARDS };

/** The library functions a script calls, transitively, in library order. */
function needed(lines: string[]): string[] {
  const names = new Set<string>();
  const scan = (text: string) => {
    for (const name of Object.keys(LIBRARY)) {
      if (names.has(name) || !new RegExp(`\\b${name}\\(`).test(text)) continue;
      names.add(name);
      scan(LIBRARY[name]!.join("\n"));
    }
  };
  scan(lines.join("\n"));
  return Object.keys(LIBRARY).filter((n) => names.has(n));
}

/** The script followed by the library functions it calls. */
export function withLibrary(lines: string[]): string[] {
  return [...lines, ...needed(lines).flatMap((n) => LIBRARY[n]!)];
}

/** One library function's source, for the tests that run it outside the sandbox. */
export const librarySource = (name: string): string => (LIBRARY[name] ?? []).join("\n");
