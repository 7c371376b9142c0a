import { expect, it } from "vitest";
import { TokenMemo } from "./token-memo.js";

it("answers a value only for the very token it was kept for, though another token ends the same", () => {
  const memo = new TokenMemo<string>(10);
  const end = "x".repeat(24);
  memo.set(`a.${end}`, "first");
  expect([memo.get(`a.${end}`), memo.get(`b.${end}`), memo.get("short")]).toEqual(["first", undefined, undefined]);
  memo.set(`b.${end}`, "second");
  expect([memo.get(`a.${end}`), memo.get(`b.${end}`)]).toEqual([undefined, "second"]);
  memo.set("short", "third");
  expect(memo.get("short")).toBe("third");
});

it("forgets everything once full, and keeps what comes next", () => {
  const memo = new TokenMemo<number>(3);
  for (let i = 0; i < 3; i++) memo.set(`token-${i}`, i);
  memo.set("token-3", 3);
  expect([0, 1, 2, 3].map((i) => memo.get(`token-${i}`))).toEqual([undefined, undefined, undefined, 3]);
});
