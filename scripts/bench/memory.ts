// The resident memory of a server process, sampled from outside so the figure is the server's own.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Current RSS of a process in bytes (Linux /proc; `ps` elsewhere); undefined once it has gone. */
export function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT" || process.platform === "linux") return undefined;
  }
  try {
    const kb = Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim());
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the highest RSS seen while running; `stop()` returns it. */
export class PeakSampler {
  #peak = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  #sample(): void {
    const rss = rssOf(this.pid);
    if (rss !== undefined && rss > this.#peak) this.#peak = rss;
  }

  stop(): number {
    clearInterval(this.#timer);
    this.#sample();
    return this.#peak;
  }
}

/**
 * CPU time a process has used so far (user + system, ms; Linux /proc only, else undefined). Per request it is a
 * figure a loaded machine barely moves: a server waiting for the CPU is slower, not busier.
 */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / 100 : undefined;
  } catch {
    return undefined;
  }
}
