// The suite's one error class: a contract failure (what the target did wrong, with the request that showed it)
// or a usage error of the CLI (one actionable line).
import type { ValidationIssue } from "../spec/validators.js";
import type { Exchange } from "./exchange.js";

export type ContractErrorKind = "failure" | "usage";

export class ContractError extends Error {
  override name = "ContractError";
  constructor(
    message: string,
    readonly details: { kind?: ContractErrorKind; issues?: ValidationIssue[]; exchange?: Exchange } = {},
  ) {
    super(message);
  }

  get kind(): ContractErrorKind {
    return this.details.kind ?? "failure";
  }

  get issues(): ValidationIssue[] {
    return this.details.issues ?? [];
  }

  get exchange(): Exchange | undefined {
    return this.details.exchange;
  }
}

/** Throws a usage error: the CLI prints its message as one line and exits 2. */
export function usage(message: string): never {
  throw new ContractError(message, { kind: "usage" });
}
