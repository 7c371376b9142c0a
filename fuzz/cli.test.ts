// The `fuzz` command: its flags and environment variables, and a run against a base URL that prints each failure
// shrunk to one curl line and writes JUnit and JSON reports.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { startMock } from "../mock/start.js";
import { parseFuzzArguments, run } from "../scripts/fuzz.js";
import { startDefectProxy } from "./defect-proxy.js";
import { DEFECTS } from "./defects.js";

const usage = (argv: string[], env: Record<string, string> = {}) => {
  try {
    parseFuzzArguments(argv, env);
    return "accepted";
  } catch (e) {
    return (e as Error).message;
  }
};

it("reads the target from flags or the contract suite's environment variables", () => {
  const env = { CONTRACT_BASE_URL: "https://api.example.com/energy-coordination/v1", CONTRACT_TOKEN_URL: "https://id.example.com/connect/token", CONTRACT_CLIENT_ID: "c", CONTRACT_CLIENT_SECRET: "s" };
  expect(parseFuzzArguments(["--rate", "20/s", "--max-requests", "300", "--read-only", "--seed", "7"], env)).toEqual({
    help: false,
    checkMemory: false,
    options: { baseUrl: env.CONTRACT_BASE_URL, tokenUrl: env.CONTRACT_TOKEN_URL, client: { id: "c", secret: "s" }, rate: 20, maxRequests: 300, readOnly: true, seed: 7 },
  });
  expect(parseFuzzArguments(["--no-memory", "--junit", "r.xml", "--json", "r.json"])).toEqual({ help: false, checkMemory: false, options: {}, junit: "r.xml", json: "r.json" });
  expect(parseFuzzArguments([]).checkMemory).toBe(true);
});

it("names what is wrong with the flags in one line", () => {
  expect(usage(["--base-url", "https://api.example.com/v1"])).toBe("--token-url (or CONTRACT_TOKEN_URL) is needed with --base-url");
  expect(usage(["--client-id", "c"])).toBe("--client-id needs --base-url (or CONTRACT_BASE_URL); without a base URL the fuzzer runs against the mock it starts");
  expect(usage(["--rate", "fast"])).toBe('--rate must be requests per second, e.g. --rate 20/s, got "fast"');
  expect(usage(["--max-requests", "0"])).toBe('--max-requests must be a whole number >= 1, got "0"');
  expect(usage(["--base-url", "ftp://x", "--token-url", "https://t", "--client-id", "c", "--client-secret", "s"])).toBe("--base-url: use an http or https URL, not ftp:");
  expect(usage(["--bogus"])).toBe("Unknown option '--bogus' (see --help)");
});

it("prints each failure of a deployment shrunk to one curl line with the token redacted, and writes JUnit and JSON", async () => {
  const client = { id: "cli-partner", secret: "cli-partner-secret" };
  const mock = await startMock({ clients: [client] });
  const plus = DEFECTS.find((d) => d.name === "a 500 for a userId with a plus sign")!;
  const proxy = await startDefectProxy(mock.origin, plus.defect);
  const dir = mkdtempSync(join(tmpdir(), "fuzz-cli-"));
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  let code: number;
  try {
    code = await run(["--base-url", `${proxy.origin}/energy-coordination/v1`, "--token-url", `${proxy.origin}/connect/token`, "--client-id", client.id, "--client-secret", client.secret, "--seed", "3", "--max-requests", "400", "--junit", join(dir, "r.xml"), "--json", join(dir, "r.json")], {});
  } finally {
    write.mockRestore();
    await proxy.close();
    await mock.close();
  }
  const text = out.join("");
  if (process.env.SHOW) console.error(text);
  expect(code).toBe(1);
  expect(text).toMatch(/^✗ \[server-error\] \w+: .*answered 500/m);
  expect(text).toMatch(/^ {2}minimal request: curl -sS -i --path-as-is -X \w+ 'http:\/\/127\.0\.0\.1:\d+\/energy-coordination\/v1\/users\/[^' ]*%2B[^']*' -H "authorization: Bearer \$TOKEN"/m);
  expect(text).toContain("seed: 3 (--seed 3 sends the same requests)");
  // The defect also breaks deleting the users with a `+` in their ids: the report says which stayed.
  expect(text).toMatch(/^clean-up: \d+ objects deleted, \d+ not: DELETE \/energy-coordination\/v1\/users\/[^ ]*%2B[^ ]* answered 500/m);
  const json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { seed: number; requests: number; failures: { check: string }[] };
  expect(json.seed).toBe(3);
  expect(json.requests).toBe(400);
  expect(new Set(json.failures.map((f) => f.check))).toEqual(new Set(["server-error"]));
  expect(readFileSync(join(dir, "r.xml"), "utf8")).toMatch(/<failure message="\[server-error\] never a 5xx/);
});
