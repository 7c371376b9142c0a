// Runs the contract flow against one target and reports every step; the CLI and the tests both use it.
import { specValidators, type ValidationIssue, type Validators } from "../spec/validators.js";
import { ContractClient, type Target } from "./client.js";
import { toCurl } from "./curl.js";
import type { ResponseRules } from "./document.js";
import { ContractError, usage } from "./errors.js";
import type { Exchange } from "./exchange.js";
import { FLOW } from "./flow.js";
import { computeCoverage, type Coverage } from "./coverage.js";
import { isLocal, startReceiver, type DeliveryReceiver } from "./delivery-receiver.js";
import { FlowContext, type Credentials, type DeliveryTarget, type Step } from "./step.js";
import { cleanupSteps } from "./steps/cleanup.js";

export interface ContractOptions {
  target: Target;
  client: Credentials;
  /** A second client, for the isolation checks; without it they are skipped. */
  second?: Credentials;
  /** Only GETs and the token request; nothing is written, so nothing needs cleaning up. */
  readOnly?: boolean;
  /** Step names or operationIds to run (with the steps they need). */
  only?: string[];
  /** Per request, in milliseconds (default 10000). */
  timeoutMs?: number;
  /** Start of every id the suite chooses (default `ect`). */
  prefix?: string;
  validators?: Validators;
  /** Judges responses by another document (`--spec`); steps of operations it lacks are skipped. Default: our spec. */
  rules?: ResponseRules;
  /**
   * Where the delivery webhook points. Without it, a target on this machine gets a receiver the suite runs; for any
   * other target the delivery checks are skipped with the reason.
   */
  webhookUrl?: string;
  /** Once aborted (Ctrl-C), the remaining flow steps are skipped and the clean-up runs. */
  signal?: AbortSignal;
  onStep?: (result: StepResult) => void;
  onExchange?: (exchange: Exchange) => void;
}

export interface StepFailure {
  message: string;
  issues: ValidationIssue[];
  exchange?: Exchange;
  /** The failing request as a `curl` line, credentials left to `$TOKEN` and `$CLIENT_SECRET`. */
  curl?: string;
}

export interface StepResult {
  name: string;
  operationId: string;
  status: "passed" | "failed" | "skipped";
  ms: number;
  /** Why a step was skipped. */
  reason?: string;
  failure?: StepFailure;
}

export interface Report {
  target: Target;
  startedAt: string;
  ms: number;
  steps: StepResult[];
  passed: number;
  failed: number;
  skipped: number;
  coverage: Coverage;
  /** What the run created and could not remove (`DeleteUserById {"userId":"…"}`). */
  leftovers: string[];
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** How many independent checks run side by side. */
const CONCURRENCY = 6;


const matches = (step: Step, name: string) => [step.name, step.operationId].some((n) => n.toLowerCase() === name.toLowerCase());

/** The steps to run: all, the safe ones (`readOnly`), or the chosen ones and what they need, in flow order. */
export function planSteps(options: Pick<ContractOptions, "readOnly" | "only">, flow: readonly Step[] = FLOW): Step[] {
  // Under --read-only a step may run when it is safe and so is everything it needs.
  const runnable = new Set<string>();
  for (const s of flow) if (!options.readOnly || (s.safe && s.needs.every((n) => runnable.has(n)))) runnable.add(s.name);
  if (!options.only || options.only.length === 0) return flow.filter((s) => runnable.has(s.name));

  const wanted = new Set<string>();
  const add = (step: Step) => {
    if (wanted.has(step.name)) return;
    wanted.add(step.name);
    for (const need of step.needs) add(flow.find((s) => s.name === need)!);
  };
  for (const name of options.only) {
    const chosen = flow.filter((s) => matches(s, name));
    if (chosen.length === 0) usage(`--only: unknown step "${name}"; steps are operationIds such as ${[...new Set(flow.map((s) => s.operationId))].join(", ")}`);
    const allowed = chosen.filter((s) => runnable.has(s.name));
    if (allowed.length === 0) usage(`--read-only: ${name} writes or needs a write; drop --read-only or choose a read such as GetUsers`);
    allowed.forEach(add);
  }
  return flow.filter((s) => wanted.has(s.name));
}

function failureOf(e: unknown): StepFailure {
  if (e instanceof ContractError) {
    const exchange = e.exchange;
    return { message: e.message, issues: e.issues, ...(exchange ? { exchange, curl: toCurl(exchange.request) } : {}) };
  }
  // A bug in the suite, not in the target; shown as a failure so it is never silent.
  return { message: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, issues: [] };
}

/**
 * An answer the mock marks as an injected fault (`X-Mock-Fault`, set by PUT /_mock/faults): not the contract's
 * failure, so the step is reported as skipped with the fault named. Only answers the fault replaced count (an error or
 * a rate limit); added latency leaves the answer to be judged.
 */
function injectedFault(exchange: Exchange | undefined): string | undefined {
  const fault = exchange?.response?.headers["x-mock-fault"];
  if (fault === undefined || !/\b(error|rate-limit)\b/.test(fault)) return undefined;
  return `the mock injected a fault (X-Mock-Fault: ${fault}, ${exchange!.response!.status}); not judged`;
}

/** Runs the flow (then its clean-up, also after a failure) and returns what happened to every step. */
export async function runContract(options: ContractOptions): Promise<Report> {
  const plan = planSteps(options);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const ours = options.validators ?? specValidators();
  const provoked = new Set<string>();
  const api = new ContractClient({
    target: options.target,
    validators: ours,
    ...(options.rules ? { rules: options.rules } : {}),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    onProvoked: (operationId, status) => provoked.add(`${operationId} ${status}`),
  });
  let receiver: DeliveryReceiver | undefined;
  let delivery: DeliveryTarget;
  if (options.webhookUrl) delivery = { url: options.webhookUrl };
  else if (options.readOnly) delivery = { url: "", unavailable: "--read-only registers no webhook" };
  else if (isLocal(options.target.baseUrl)) {
    receiver = await startReceiver();
    delivery = { url: receiver.url, received: receiver.received };
  } else delivery = { url: "", unavailable: "the target is not on this machine, so it cannot reach a receiver the suite runs; give --webhook-url with a URL it can reach" };
  const ctx = new FlowContext(api, options.client, options.second, options.prefix ?? "ect", delivery);
  const results: StepResult[] = [];
  const byName = new Map<string, StepResult>();
  const cleanup = new Set<Step>();

  const record = (step: Step, result: StepResult) => {
    results.push(result);
    byName.set(step.name, result);
    options.onStep?.(result);
  };

  const outcomeOf = async (step: Step): Promise<StepResult> => {
    const t0 = performance.now();
    const base = { name: step.name, operationId: step.operationId };
    let result: StepResult;
    const blocker = step.needs.map((n) => byName.get(n)).find((r) => r?.status !== "passed");
    const lacking = cleanup.has(step) ? undefined : options.rules?.lacks(step.operationId);
    if (options.signal?.aborted && !cleanup.has(step)) {
      result = { ...base, status: "skipped", ms: 0, reason: "interrupted" };
    } else if (lacking) {
      result = { ...base, status: "skipped", ms: 0, reason: lacking };
    } else if (blocker || step.needs.some((n) => !byName.has(n))) {
      const reason = !blocker ? "needs a step that did not run" : blocker.status === "skipped" ? blocker.reason! : `needs ${blocker.name}, which failed`;
      result = { ...base, status: "skipped", ms: 0, reason };
    } else {
      try {
        const outcome = await step.run(ctx);
        const ms = Math.round(performance.now() - t0);
        result = outcome ? { ...base, status: "skipped", ms, reason: outcome.skipped } : { ...base, status: "passed", ms };
      } catch (e) {
        const failure = failureOf(e);
        const injected = injectedFault(failure.exchange);
        const ms = Math.round(performance.now() - t0);
        result = injected ? { ...base, status: "skipped", ms, reason: injected } : { ...base, status: "failed", ms, failure };
      }
    }
    return result;
  };
  const runStep = async (step: Step) => record(step, await outcomeOf(step));

  /** Runs steps that need nothing of each other side by side (a few at a time), and reports them in flow order. */
  const runBeside = async (group: Step[]) => {
    const outcomes: StepResult[] = new Array<StepResult>(group.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < group.length; i = next++) outcomes[i] = await outcomeOf(group[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, group.length) }, worker));
    group.forEach((step, i) => record(step, outcomes[i]!));
  };

  try {
    for (let i = 0; i < plan.length; ) {
      let j = i;
      while (j < plan.length && plan[j]!.concurrent) j++;
      if (j === i) await runStep(plan[i++]!);
      else {
        await runBeside(plan.slice(i, j));
        i = j;
      }
    }
  } finally {
    for (const step of cleanupSteps(ctx)) {
      cleanup.add(step);
      await runStep(step);
    }
    await receiver?.close();
  }
  const count = (status: StepResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    target: options.target,
    startedAt,
    ms: Math.round(performance.now() - started),
    steps: results,
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    coverage: computeCoverage(ours.spec, results, provoked, options.rules?.name),
    leftovers: ctx.leftovers,
  };
}
