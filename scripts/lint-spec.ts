// `npm run lint:spec`: the spec is valid OpenAPI 3.1 (checked by @readme/openapi-parser, an independent
// validator), every example validates against its schema with our Ajv, operationIds are unique and
// every secured operation declares 401; with no argument, for the API's spec and the mock's control API.
import { readFileSync } from "node:fs";
import { validate, compileErrors } from "@readme/openapi-parser";
import { parse } from "yaml";
import { SPEC_PATH, indexSpec, type JsonObject } from "../spec/openapi.js";
import { CONTROL_SPEC_PATH } from "../spec/paths.js";
import { createValidators, formatIssues } from "../spec/validators.js";

export async function lintSpec(file: string = SPEC_PATH): Promise<string[]> {
  const problems: string[] = [];
  const document = parse(readFileSync(file, "utf8")) as JsonObject;
  const result = await validate(structuredClone(document) as never);
  if (!result.valid) problems.push(`not valid OpenAPI 3.1: ${compileErrors(result)}`);
  if (document.openapi !== "3.1.0" && document.openapi !== "3.1.1") problems.push(`openapi must be 3.1.x, got ${String(document.openapi)}`);

  let spec;
  try {
    spec = indexSpec(document); // throws on a duplicate operationId
  } catch (e) {
    return [...problems, (e as Error).message];
  }
  let validators;
  try {
    validators = createValidators(spec);
    // Validators compile on first use; compile them all here so that a bad schema is reported, not thrown later.
    validators.compileAll();
  } catch (e) {
    return [...problems, `a schema does not compile with Ajv (strict): ${(e as Error).message}`];
  }
  for (const op of spec.operations) {
    const name = `${op.operationId} (${op.method.toUpperCase()} ${op.path})`;
    if (op.secured && !op.responses.some((r) => r.status === "401")) problems.push(`${name}: declares no 401 response`);
    for (const m of op.requestBody?.content ?? []) {
      if (m.examples.length === 0) problems.push(`${name}: request body ${m.contentType} has no example`);
      for (const example of m.examples) {
        const r = validators.requestBody(op.operationId, example, m.contentType);
        if (!r.valid) problems.push(`${name}: request example is invalid: ${formatIssues(r.issues)}`);
      }
    }
    for (const res of op.responses) {
      for (const m of res.content) {
        if (res.status.startsWith("2") && m.schemaPointer && m.examples.length === 0) problems.push(`${name}: ${res.status} ${m.contentType} has no example`);
        for (const example of m.examples) {
          const r = validators.response(op.operationId, Number(res.status), m.contentType, example);
          if (!r.valid) problems.push(`${name}: ${res.status} example is invalid: ${formatIssues(r.issues)}`);
        }
      }
    }
  }
  return problems;
}

/** Lints each file (the API's spec and the mock's control API by default), printing what it found; false on a problem. */
export async function lintSpecs(files: string[] = [SPEC_PATH, CONTROL_SPEC_PATH]): Promise<boolean> {
  let failed = false;
  for (const file of files) {
    const problems = await lintSpec(file);
    if (problems.length > 0) {
      for (const p of problems) console.error(`✗ ${p}`);
      console.error(`${problems.length} problem(s) in ${file}`);
      failed = true;
    } else console.log(`✓ ${file}: valid OpenAPI 3.1, every example valid, every operation declares 401`);
  }
  return !failed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!(await lintSpecs(process.argv[2] ? [process.argv[2]] : undefined))) process.exit(1);
}
