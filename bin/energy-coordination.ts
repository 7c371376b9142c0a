#!/usr/bin/env node
// `energy-coordination SUBCOMMAND [flags]`: the package's one command. Each subcommand's module is imported only
// when it runs, so `energy-coordination mock` loads the mock and nothing else (start-up time is a feature).
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Command {
  summary: string;
  load(): Promise<{ run(argv: string[]): Promise<number> }>;
}

export const COMMANDS: Record<string, Command> = {
  mock: { summary: "run the stateful mock server (token endpoint, API, simulations, signed webhooks)", load: () => import("./mock.js") },
  contract: { summary: "run every operation of the spec against a base URL (or a fresh mock), check every answer and what was stored, report coverage", load: () => import("../contract-tests/cli.js") },
  receiver: { summary: "receive webhook notifications, verify their signatures, print one line each", load: () => import("../receiver/cli.js") },
  "check-upstream": { summary: "compare a vendor OpenAPI document with the upstream lock and our spec", load: () => import("../scripts/check-upstream.js") },
  newman: { summary: "run the Postman collection with newman (against a fresh mock, or a deployment)", load: () => import("../scripts/newman.js") },
  fuzz: { summary: "send generated requests and sequences to a deployment (or a fresh mock) and check every answer", load: () => import("../scripts/fuzz.js") },
};

export const HELP = `Usage: energy-coordination SUBCOMMAND [flags]

Contract tests, a stateful mock server and a Postman runner for the Energy Coordination API.

Subcommands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(16)}${c.summary}`)
  .join("\n")}

energy-coordination SUBCOMMAND --help shows a subcommand's flags.`;

/** Runs the command line (without `node script`); resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(`energy-coordination: give a subcommand: ${Object.keys(COMMANDS).join(", ")} (see --help)`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const hint = name.startsWith("-") ? `put the subcommand first: energy-coordination mock ${argv.join(" ")}` : `use one of ${Object.keys(COMMANDS).join(", ")}`;
    console.error(`energy-coordination: unknown subcommand "${name}"; ${hint} (see --help)`);
    return 2;
  }
  return (await command.load()).run(rest);
}

const invoked = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (invoked === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    // A subcommand that has finished leaves nothing worth waiting for (a keep-alive socket, a stray timer).
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`energy-coordination: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
