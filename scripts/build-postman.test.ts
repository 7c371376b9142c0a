import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CLI = fileURLToPath(new URL("./build-postman.ts", import.meta.url));

it("confirms with --check that the committed collection is up to date", async () => {
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", CLI, "--check"], (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });

  expect(result).toEqual({ code: 0, stdout: "postman/energy-coordination.postman_collection.json is up to date.\n", stderr: "" });
});
