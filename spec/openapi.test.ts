import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { parse } from "yaml";
import { loadSpec, SPEC_PATH } from "./openapi.js";

it("reads the spec into the same document as the yaml package does", () => {
  expect(loadSpec().document).toStrictEqual(parse(readFileSync(SPEC_PATH, "utf8")));
});
