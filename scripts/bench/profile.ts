// Summarises a `node --cpu-prof` profile (from `npm run bench -- --cpu-prof DIR`): where the samples fall,
// by function (self time) and by package or project file. Usage: `tsx scripts/bench/profile.ts FILE [TOP]`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  percent: number;
}

/** Where a frame's code lives: a package (`express`), a project file (`mock/http/auth.ts`) or `node:` internals. */
export function placeOf(url: string): string {
  if (url === "") return "(native / idle / gc)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const project = /\/(mock|spec|scripts|contract-tests)\/(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

export function summarizeProfile(profile: CpuProfile): { total: number; byFunction: Share[]; byPlace: Share[] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    const place = placeOf(frame.url);
    add(byFunction, `${frame.functionName || "(anonymous)"} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ""}`, ms);
    add(byPlace, place, ms);
  }
  const sorted = (map: Map<string, number>) =>
    [...map].map(([name, ms]) => ({ name, ms, percent: (100 * ms) / total })).sort((a, b) => b.ms - a.ms);
  return { total, byFunction: sorted(byFunction), byPlace: sorted(byPlace) };
}

function main(): void {
  const [file, top = "25"] = process.argv.slice(2);
  if (!file) throw new Error("usage: tsx scripts/bench/profile.ts FILE.cpuprofile [TOP]");
  const s = summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  const show = (title: string, list: Share[]) => {
    console.log(`\n${title}`);
    for (const x of list.slice(0, Number(top))) console.log(`${x.percent.toFixed(1).padStart(5)}%  ${x.ms.toFixed(0).padStart(6)} ms  ${x.name}`);
  };
  console.log(`${(s.total / 1000).toFixed(1)} s sampled`);
  show("self time by package or file", s.byPlace);
  show("self time by function", s.byFunction);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`profile: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
