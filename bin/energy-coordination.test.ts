import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { beforeAll, expect, it, onTestFinished } from "vitest";
import { BIN, ensureBuilt } from "../mock/test-support.js";

beforeAll(ensureBuilt, 240_000);

/** Runs `energy-coordination ARGS` as the package installs it (dist/); resolves with its exit code and output. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it("lists the subcommands with --help", async () => {
  const { code, stdout, stderr } = await cli("--help");
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  expect(stdout.split("\n").filter((l) => l.startsWith("  ")).map((l) => l.trim().split(/\s+/)[0])).toEqual(["mock", "contract", "receiver", "check-upstream", "newman", "fuzz"]);
});

it("shows each subcommand's own flags with SUBCOMMAND --help", async () => {
  const [mock, contract, receiver, upstream] = await Promise.all([cli("mock", "--help"), cli("contract", "--help"), cli("receiver", "--help"), cli("check-upstream", "--help")]);
  expect(mock.code).toBe(0);
  expect(mock.stdout).toContain("Usage: energy-coordination mock [options]");
  expect(contract.stdout).toContain("--client2-secret SECRET");
  expect(receiver.stdout).toContain("Usage: energy-coordination receiver [--port P]");
  expect(upstream.stdout).toContain("--update-lock");
});

it("exits 2 with one line for no subcommand, an unknown one, and flags before the subcommand", async () => {
  expect(await cli()).toEqual({ code: 2, stdout: "", stderr: "energy-coordination: give a subcommand: mock, contract, receiver, check-upstream, newman, fuzz (see --help)\n" });
  expect(await cli("serve")).toEqual({ code: 2, stdout: "", stderr: 'energy-coordination: unknown subcommand "serve"; use one of mock, contract, receiver, check-upstream, newman, fuzz (see --help)\n' });
  expect(await cli("--port", "0")).toEqual({
    code: 2,
    stdout: "",
    stderr: 'energy-coordination: unknown subcommand "--port"; put the subcommand first: energy-coordination mock --port 0 (see --help)\n',
  });
});

it("exits 2 with one line for a flag of another subcommand, a missing flag value and a missing seed file", async () => {
  expect(await cli("mock", "--base-url", "http://x")).toEqual({ code: 2, stdout: "", stderr: "mock: Unknown option '--base-url' (see --help)\n" });
  expect(await cli("receiver", "--port")).toEqual({ code: 2, stdout: "", stderr: "receiver: Option '--port <value>' argument missing (see --help)\n" });
  expect(await cli("mock", "--seed", "/no/such/seed.json")).toEqual({ code: 2, stdout: "", stderr: "mock: --seed /no/such/seed.json: cannot read it (ENOENT)\n" });
});

it("says the port is taken and how to get a free one, in one line", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => void taken.close());
  const port = (taken.address() as { port: number }).port;
  expect(await cli("mock", "--port", String(port))).toEqual({ code: 1, stdout: "", stderr: `mock: port ${port} on 127.0.0.1 is taken; try --port 0 for a free one\n` });
});
