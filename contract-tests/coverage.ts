// What a run covered: the operations it exercised (N of 44) and the (operation, status) pairs it provoked (M of the K
// the spec declares), with the reason for each it did not: one that no request of a black-box client can cause, or
// the step that would have provoked it and why that step was skipped or failed.
import type { Spec } from "../spec/openapi.js";

/** A declared pair that was not provoked, and why. */
export interface Unprovoked {
  operationId: string;
  status: string;
  reason: string;
}

export interface Coverage {
  /** What responses were judged by (`the spec`, or the `--spec` document). */
  judgedBy: string;
  operations: { exercised: number; total: number; missing: { operationId: string; reason: string }[] };
  pairs: { provoked: number; declared: number; missing: Unprovoked[] };
  /** Statuses no client can provoke on purpose, whatever the spec declares. */
  notes: string[];
}

/** The results of the steps, as far as coverage needs them. */
interface StepOutcome {
  name: string;
  operationId: string;
  status: "passed" | "failed" | "skipped";
  reason?: string;
}

const NO_INPUT = "it takes only free-form path parameters and no body or query: no request a client can send is malformed";
/** Declared pairs with no cause a client can bring about, by `operationId status`. */
const NO_CAUSE: Record<string, string> = {
  "PatchLocation 409": "the spec names no cause: a PATCH carries no id that could collide with another location",
};

/** Declared pairs that only a client's allowance running out causes: provoking them would spend what the run must not. */
const ALLOWANCE = "a limit of the client's allowance: provoking it would use up what the client (and later runs) need";
const LIMITS: Record<string, string> = {
  "RequestToken 429": `${ALLOWANCE} (failed sign-ins are throttled: the client's next sign-in would wait)`,
  "PostReport 409": `${ALLOWANCE} (the report quota: reports cannot be deleted)`,
  "PostWebhook 409": `${ALLOWANCE} (the webhook quota)`,
  "PostPriceCurveSimulation 429": `${ALLOWANCE} (the pending-deliveries quota: a thousand undelivered notifications)`,
  "PostUserEligibilitySimulation 429": `${ALLOWANCE} (the pending-deliveries quota: a thousand undelivered notifications)`,
  "PostLPCLocationSimulation 429": `${ALLOWANCE} (the pending-deliveries quota: a thousand undelivered notifications)`,
  "PostLPCResourceSimulation 429": `${ALLOWANCE} (the pending-deliveries quota: a thousand undelivered notifications)`,
};

/** Why a pair was not provoked: a pair no request can cause, or the fate of the steps of its operation. */
function reasonFor(spec: Spec, operationId: string, status: string, steps: readonly StepOutcome[]): string {
  const known = NO_CAUSE[`${operationId} ${status}`] ?? LIMITS[`${operationId} ${status}`];
  if (known) return known;
  const op = spec.byId.get(operationId);
  if (status === "400" && op && !op.requestBody && !op.parameters.some((p) => p.in === "query") && !steps.some((s) => s.operationId === operationId && s.name.includes("→ 400"))) return NO_INPUT;
  const own = steps.filter((s) => s.operationId === operationId && s.name.includes(`→ ${status}`));
  const candidates = own.length > 0 ? own : steps.filter((s) => s.operationId === operationId);
  const skipped = candidates.find((s) => s.status === "skipped");
  if (skipped) return `${skipped.name} was skipped: ${skipped.reason ?? "no reason given"}`;
  const failed = candidates.find((s) => s.status === "failed");
  if (failed) return `${failed.name} failed`;
  return candidates.length === 0 ? "no step of this run calls it (--only, --read-only)" : "no step of this run asks for it";
}

/**
 * Coverage of a run: `provoked` holds `operationId status` for every response whose status a step wanted and got
 * (and whose body then conformed).
 */
export function computeCoverage(spec: Spec, steps: readonly StepOutcome[], provoked: ReadonlySet<string>, judgedBy = "the spec"): Coverage {
  const operations = spec.operations.filter((op) => !op.webhook);
  const declared = operations.flatMap((op) => op.responses.filter((r) => /^\d{3}$/.test(r.status)).map((r) => ({ operationId: op.operationId, status: r.status })));
  const exercised = operations.filter((op) => declared.some((d) => d.operationId === op.operationId && provoked.has(`${d.operationId} ${d.status}`)));
  const missingOps = operations
    .filter((op) => !exercised.includes(op))
    .map((op) => ({ operationId: op.operationId, reason: reasonFor(spec, op.operationId, op.responses.find((r) => r.status.startsWith("2"))?.status ?? "200", steps) }));
  const missingPairs = declared.filter((d) => !provoked.has(`${d.operationId} ${d.status}`)).map((d) => ({ ...d, reason: reasonFor(spec, d.operationId, d.status, steps) }));
  return {
    judgedBy,
    operations: { exercised: exercised.length, total: operations.length, missing: missingOps },
    pairs: { provoked: declared.length - missingPairs.length, declared: declared.length, missing: missingPairs },
    notes: ["500 and other 5xx: a deployment's own failure, which no correct request can cause on purpose; the suite fails any step that gets one"],
  };
}

/** The coverage as lines of text: the two figures, then what was not covered, grouped by reason. */
export function formatCoverage(c: Coverage): string[] {
  const lines = [
    `Coverage (judged by ${c.judgedBy}): operations exercised ${c.operations.exercised}/${c.operations.total}; (operation, status) pairs provoked ${c.pairs.provoked} of ${c.pairs.declared} declared`,
  ];
  for (const m of c.operations.missing) lines.push(`  operation not exercised: ${m.operationId}: ${m.reason}`);
  const byReason = new Map<string, string[]>();
  for (const m of c.pairs.missing) byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), `${m.operationId} ${m.status}`]);
  for (const [reason, pairs] of byReason) lines.push(`  not provoked: ${pairs.join(", ")}: ${reason}`);
  for (const note of c.notes) lines.push(`  note: ${note}`);
  return lines;
}
