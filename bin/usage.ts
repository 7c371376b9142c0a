// How every subcommand words a flag it cannot parse: node:util's message, without its advice about positionals.

/** `Unknown option '--bogus' (see --help)`, from a parseArgs error. */
export function flagProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `${message.replace(/\. To specify a positional argument.*$/s, "")} (see --help)`;
}
