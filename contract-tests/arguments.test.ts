import { expect, it } from "vitest";
import { parseArguments } from "./arguments.js";
import { ContractError } from "./errors.js";

const usageMessage = (argv: string[], env: Record<string, string> = {}) => {
  try {
    parseArguments(argv, env);
  } catch (e) {
    if (e instanceof ContractError && e.kind === "usage") return e.message;
    throw e;
  }
  throw new Error("no usage error");
};

it("runs against the mock when no base URL is given", () => {
  expect(parseArguments([])).toEqual({ help: false, readOnly: false, verbose: false, timeoutMs: 10000 });
});

it("reads the target from flags", () => {
  const argv = ["--base-url", "https://api.example/energy-coordination/v1", "--token-url", "https://auth.example/connect/token", "--client-id", "id", "--client-secret", "s"];
  expect(parseArguments([...argv, "--read-only", "--only", "GetUsers, GetUserById", "--timeout", "500", "--junit", "out.xml", "--verbose"])).toEqual({
    help: false,
    readOnly: true,
    verbose: true,
    timeoutMs: 500,
    only: ["GetUsers", "GetUserById"],
    junit: "out.xml",
    target: { baseUrl: "https://api.example/energy-coordination/v1", tokenUrl: "https://auth.example/connect/token", client: { id: "id", secret: "s" } },
  });
});

it("reads the target from CONTRACT_* variables, flags winning", () => {
  const env = {
    CONTRACT_BASE_URL: "https://api.example/v1",
    CONTRACT_TOKEN_URL: "https://auth.example/connect/token",
    CONTRACT_CLIENT_ID: "env-id",
    CONTRACT_CLIENT_SECRET: "env-secret",
    CONTRACT_CLIENT2_ID: "other",
    CONTRACT_CLIENT2_SECRET: "other-secret",
  };
  expect(parseArguments(["--client-id", "flag-id"], env).target).toEqual({
    baseUrl: "https://api.example/v1",
    tokenUrl: "https://auth.example/connect/token",
    client: { id: "flag-id", secret: "env-secret" },
    second: { id: "other", secret: "other-secret" },
  });
});

it("explains each usage error in one line", () => {
  const base = ["--base-url", "https://api.example/v1"];
  expect(usageMessage(base)).toBe("--token-url (or CONTRACT_TOKEN_URL) is needed with --base-url");
  expect(usageMessage([...base, "--token-url", "https://a/t", "--client-id", "x"])).toBe("--client-secret (or CONTRACT_CLIENT_SECRET) is needed with --base-url");
  expect(usageMessage(["--client-id", "x"])).toBe("--client-id needs --base-url (or CONTRACT_BASE_URL); without a base URL the suite runs against the mock it starts");
  expect(usageMessage(["--base-url", "api.example"])).toBe(`--base-url: "api.example" is not a URL; give one like https://api.sandbox.voluespark.com/energy-coordination/v1`);
  expect(usageMessage(["--timeout", "soon"])).toBe(`--timeout: "soon" is not a number of milliseconds; e.g. --timeout 5000`);
  expect(usageMessage(["--only", ","])).toBe("--only: name at least one step, e.g. --only GetUserById,PostWebhook");
  expect(usageMessage(["--bogus"])).toBe("unknown option --bogus (see --help)");
  expect(usageMessage(["--timeout"])).toBe("Option '--timeout <value>' argument missing (see --help)");
  expect(usageMessage([...base, "--token-url", "https://a/t", "--client-id", "x", "--client-secret", "y", "--client2-id", "z"])).toBe(
    "--client2-id and --client2-secret go together (or CONTRACT_CLIENT2_ID and CONTRACT_CLIENT2_SECRET)",
  );
});

it("answers --help before anything else", () => {
  expect(parseArguments(["--help", "--base-url", "nonsense"]).help).toBe(true);
});

it("takes --spec (or CONTRACT_SPEC) as the document to judge responses by", () => {
  expect(parseArguments(["--spec", "vendor.json"]).spec).toBe("vendor.json");
  expect(parseArguments([], { CONTRACT_SPEC: "https://example.test/openapi.yaml" }).spec).toBe("https://example.test/openapi.yaml");
  expect(usageMessage(["--spec", ""])).toBe("--spec: give a file or URL, e.g. --spec vendor-openapi.json");
});

it("takes --json, --summary and --webhook-url (or CONTRACT_WEBHOOK_URL)", () => {
  expect(parseArguments(["--json", "r.json", "--summary", "s.md", "--webhook-url", "https://ci.example/hooks"])).toEqual({
    help: false,
    readOnly: false,
    verbose: false,
    timeoutMs: 10000,
    json: "r.json",
    summary: "s.md",
    webhookUrl: "https://ci.example/hooks",
  });
  expect(parseArguments([], { CONTRACT_WEBHOOK_URL: "http://10.0.0.5:8080/hooks" }).webhookUrl).toBe("http://10.0.0.5:8080/hooks");
  expect(usageMessage(["--json", ""])).toBe("--json: give a file name, e.g. --json contract-report.json");
  expect(usageMessage(["--summary", ""])).toBe("--summary: give a file name, e.g. --summary contract-summary.md");
  expect(usageMessage(["--webhook-url", "hooks"])).toBe(`--webhook-url: "hooks" is not a URL; give one like https://ci.example/hooks/energy-coordination`);
});
