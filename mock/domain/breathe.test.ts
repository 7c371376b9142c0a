import { expect, it } from "vitest";
import { breather, OneAtATime } from "./breathe.js";

it("runs heavy work one at a time per client, clients side by side, and goes on after a failure", async () => {
  const heavy = new OneAtATime();
  const log: string[] = [];
  const gates = new Map<string, () => void>();
  const work = (name: string, fail = false) => () =>
    new Promise<string>((resolve, reject) => {
      log.push(`start ${name}`);
      gates.set(name, () => (fail ? reject(new Error(name)) : resolve(name)));
    });
  const a1 = heavy.run("a", work("a1", true));
  const a2 = heavy.run("a", work("a2"));
  const b1 = heavy.run("b", work("b1"));
  await expect.poll(() => log).toEqual(["start a1", "start b1"]);
  gates.get("a1")!();
  await expect(a1).rejects.toThrow("a1");
  await expect.poll(() => log).toEqual(["start a1", "start b1", "start a2"]);
  gates.get("a2")!();
  gates.get("b1")!();
  expect([await a2, await b1]).toEqual(["a2", "b1"]);
});

it("lets the event loop run once a slice of work is used up", async () => {
  let now = 0;
  const realNow = performance.now.bind(performance);
  performance.now = () => now;
  try {
    const breathe = breather(1);
    expect(breathe()).toBe(undefined);
    now = 5;
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    await breathe();
    expect(ranBetween).toBe(true);
  } finally {
    performance.now = realNow;
  }
});
