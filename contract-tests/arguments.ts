// The CLI's options: flags first, then CONTRACT_* environment variables; anything wrong is one actionable line.
import { parseArgs } from "node:util";
import { usage } from "./errors.js";
import { DEFAULT_TIMEOUT_MS } from "./runner.js";
import type { Credentials } from "./step.js";

export const HELP = `Runs the partner guide's flow against a target: every operation of the spec, every status a client can provoke, and
read-backs of what was stored; checks every response against the spec and reports the coverage.

Usage: npm run contract -- [options]

Target (without --base-url, the mock is started on a free port and used):
  --base-url URL         API base URL, e.g. https://api.sandbox.voluespark.com/energy-coordination/v1   (CONTRACT_BASE_URL)
  --token-url URL        token endpoint, e.g. https://auth.identity.volue.com/connect/token            (CONTRACT_TOKEN_URL)
  --client-id ID         OAuth2 client id                                                             (CONTRACT_CLIENT_ID)
  --client-secret SECRET OAuth2 client secret                                                         (CONTRACT_CLIENT_SECRET)
  --client2-id ID        a second client, for the isolation checks (optional)                         (CONTRACT_CLIENT2_ID)
  --client2-secret SECRET                                                                             (CONTRACT_CLIENT2_SECRET)

Judge by:
  --spec FILE_OR_URL     another OpenAPI document (3.0 or 3.1, JSON or YAML) instead of ours, e.g. the vendor's;  (CONTRACT_SPEC)
                         steps of operations it lacks are skipped, the success statuses it declares are accepted

Webhook deliveries:
  --webhook-url URL      where the target can deliver to, for the delivery checks of a remote target        (CONTRACT_WEBHOOK_URL)
                         (a target on this machine gets a receiver the suite runs; without either they are skipped)

Run:
  --read-only            only GETs and the token request (safe for production); nothing to clean up
  --only STEP,...        only these steps (operationIds or step names) and the steps they need
  --timeout MS           per request (default ${DEFAULT_TIMEOUT_MS}); a timeout fails the step
  --junit FILE           also write the report as JUnit XML (coverage in its properties and system-out)
  --json FILE            also write the report as JSON (steps, coverage, what could not be removed)
  --summary FILE         also write a Markdown summary (e.g. >> $GITHUB_STEP_SUMMARY: --summary "$GITHUB_STEP_SUMMARY")
  --verbose              print every request and response (tokens and secrets redacted)
  --help                 this text

Exit status: 0 when every step passed or was skipped for a stated reason, 1 when a step failed, 2 for bad usage.`;

export interface CliOptions {
  help: boolean;
  /** Absent: start the mock. */
  target?: { baseUrl: string; tokenUrl: string; client: Credentials; second?: Credentials };
  readOnly: boolean;
  /** Judge responses by this document (file or URL) instead of our spec. */
  spec?: string;
  only?: string[];
  timeoutMs: number;
  junit?: string;
  json?: string;
  summary?: string;
  webhookUrl?: string;
  verbose: boolean;
}

const ENV = {
  "base-url": "CONTRACT_BASE_URL",
  "token-url": "CONTRACT_TOKEN_URL",
  "client-id": "CONTRACT_CLIENT_ID",
  "client-secret": "CONTRACT_CLIENT_SECRET",
  "client2-id": "CONTRACT_CLIENT2_ID",
  "client2-secret": "CONTRACT_CLIENT2_SECRET",
  spec: "CONTRACT_SPEC",
  "webhook-url": "CONTRACT_WEBHOOK_URL",
} as const;

function httpUrl(flag: string, value: string, example = "https://api.sandbox.voluespark.com/energy-coordination/v1"): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return usage(`--${flag}: "${value}" is not a URL; give one like ${example}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") usage(`--${flag}: use an http or https URL, not ${url.protocol}`);
  return value;
}

/** Parses the CLI arguments (without `node script`) and the environment; throws a usage ContractError. */
export function parseArguments(argv: string[], env: Record<string, string | undefined> = {}): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        "base-url": { type: "string" },
        "token-url": { type: "string" },
        "client-id": { type: "string" },
        "client-secret": { type: "string" },
        "client2-id": { type: "string" },
        "client2-secret": { type: "string" },
        spec: { type: "string" },
        "read-only": { type: "boolean", default: false },
        only: { type: "string" },
        timeout: { type: "string" },
        junit: { type: "string" },
        json: { type: "string" },
        summary: { type: "string" },
        "webhook-url": { type: "string" },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    return usage(unknown ? `unknown option ${unknown[1]} (see --help)` : `${message.split(". ")[0]} (see --help)`);
  }
  const pick = (flag: keyof typeof ENV) => {
    const value = values[flag] ?? env[ENV[flag]];
    return value === "" ? undefined : value;
  };

  const options: CliOptions = { help: values.help, readOnly: values["read-only"], verbose: values.verbose, timeoutMs: DEFAULT_TIMEOUT_MS };
  if (values.help) return options;

  if (values.timeout !== undefined) {
    const ms = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout) || ms < 1) usage(`--timeout: "${values.timeout}" is not a number of milliseconds; e.g. --timeout 5000`);
    options.timeoutMs = ms;
  }
  if (values.only !== undefined) {
    const only = values.only.split(",").map((s) => s.trim()).filter(Boolean);
    if (only.length === 0) usage("--only: name at least one step, e.g. --only GetUserById,PostWebhook");
    options.only = only;
  }
  const spec = pick("spec");
  if (values.spec === "") usage("--spec: give a file or URL, e.g. --spec vendor-openapi.json");
  if (spec !== undefined) options.spec = spec;
  for (const [flag, example] of [["junit", "contract-report.xml"], ["json", "contract-report.json"], ["summary", "contract-summary.md"]] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (value === "") usage(`--${flag}: give a file name, e.g. --${flag} ${example}`);
    options[flag] = value;
  }
  const webhookUrl = pick("webhook-url");
  if (webhookUrl !== undefined) options.webhookUrl = httpUrl("webhook-url", webhookUrl, "https://ci.example/hooks/energy-coordination");

  const baseUrl = pick("base-url");
  const rest = (["token-url", "client-id", "client-secret", "client2-id", "client2-secret"] as const).filter((f) => pick(f) !== undefined);
  if (baseUrl === undefined) {
    if (rest.length > 0) usage(`--${rest[0]} needs --base-url (or CONTRACT_BASE_URL); without a base URL the suite runs against the mock it starts`);
    return options;
  }
  httpUrl("base-url", baseUrl);
  const tokenUrl = pick("token-url");
  const id = pick("client-id");
  const secret = pick("client-secret");
  for (const [flag, value] of [["token-url", tokenUrl], ["client-id", id], ["client-secret", secret]] as const) {
    if (value === undefined) usage(`--${flag} (or ${ENV[flag]}) is needed with --base-url`);
  }
  options.target = { baseUrl, tokenUrl: httpUrl("token-url", tokenUrl!), client: { id: id!, secret: secret! } };
  const id2 = pick("client2-id");
  const secret2 = pick("client2-secret");
  if ((id2 === undefined) !== (secret2 === undefined)) usage("--client2-id and --client2-secret go together (or CONTRACT_CLIENT2_ID and CONTRACT_CLIENT2_SECRET)");
  if (id2 !== undefined && secret2 !== undefined) options.target.second = { id: id2, secret: secret2 };
  return options;
}
