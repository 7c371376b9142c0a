// The control API's spec (spec/mock-control.yaml), indexed and compiled like the API's: one set of validators per
// process, each compiled on first use.
import { loadSpec } from "../../spec/openapi.js";
import { CONTROL_SPEC_PATH } from "../../spec/paths.js";
import { createValidators, type Validators } from "../../spec/validators.js";

/** Where the control API lives on the mock. */
export const CONTROL_BASE = "/_mock";

let shared: Validators | undefined;
/** The control API's validators (its document is linted by `npm run lint:spec`, so not meta-validated here). */
export function controlValidators(): Validators {
  shared ??= createValidators(loadSpec(CONTROL_SPEC_PATH), { checkedSpec: true });
  return shared;
}
