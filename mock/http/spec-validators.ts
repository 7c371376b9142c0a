// The spec's compiled validators, shared by every app of the process (compiling takes a while; they are pure once
// compiled).
import { createValidators, type Validators } from "../../spec/validators.js";

let sharedValidators: Validators | undefined;
/**
 * The validators of the project's own spec. The mock serves only that spec, which `npm test` lints, so its document
 * is not meta-validated at start-up.
 */
export function specValidators(): Validators {
  sharedValidators ??= createValidators(undefined, { checkedSpec: true });
  return sharedValidators;
}
