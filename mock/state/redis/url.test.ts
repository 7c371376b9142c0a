import { expect, it } from "vitest";
import { parseStoreUrl, redact } from "./url.js";

it("reads host, port and database", () => {
  expect(parseStoreUrl("redis://127.0.0.1:6380/2")).toEqual({ display: "redis://127.0.0.1:6380/2", tls: false, host: "127.0.0.1", port: 6380, db: 2, username: undefined, password: undefined });
});

it("defaults the port to 6379 and the database to 0", () => {
  expect(parseStoreUrl("redis://cache.internal")).toMatchObject({ host: "cache.internal", port: 6379, db: 0 });
  expect(parseStoreUrl("redis://cache.internal:7000/")).toMatchObject({ port: 7000, db: 0 });
});

it("reads a user and a percent-encoded password, and hides the password in display", () => {
  expect(parseStoreUrl("rediss://mock:p%40ss@redis.example:6380/1")).toEqual({
    display: "rediss://mock:***@redis.example:6380/1",
    tls: true,
    host: "redis.example",
    port: 6380,
    db: 1,
    username: "mock",
    password: "p@ss",
  });
});

it("takes an IPv6 address without its brackets", () => {
  expect(parseStoreUrl("redis://[::1]:6379/0")).toMatchObject({ host: "::1", port: 6379 });
});

it("refuses another scheme, naming it", () => {
  expect(() => parseStoreUrl("http://localhost:6379/0")).toThrow("--store http://localhost:6379/0: scheme http is not supported; use redis or rediss (expected redis://[user:password@]host:port/db)");
});

it("refuses a URL without a host", () => {
  expect(() => parseStoreUrl("redis:///0")).toThrow(/: no host /);
  expect(() => parseStoreUrl("redis://:6379/0")).toThrow(/not a URL|no host/);
});

it("refuses something that is not a URL", () => {
  expect(() => parseStoreUrl("localhost:6379")).toThrow(/scheme localhost is not supported/);
  expect(() => parseStoreUrl("")).toThrow("--store : not a URL");
});

it("refuses a bad port", () => {
  expect(() => parseStoreUrl("redis://localhost:0/0")).toThrow(/port 0 is not between 1 and 65535/);
  expect(() => parseStoreUrl("redis://localhost:70000/0")).toThrow(/not a URL/);
  expect(() => parseStoreUrl("redis://localhost:abc/0")).toThrow(/not a URL/);
});

it("refuses a bad database", () => {
  expect(() => parseStoreUrl("redis://localhost:6379/x")).toThrow(/database "x" is not a number/);
  expect(() => parseStoreUrl("redis://localhost:6379/-1")).toThrow(/database "-1" is not a number/);
  expect(parseStoreUrl("redis://localhost:6379/16").db).toBe(16);
  expect(() => parseStoreUrl("redis://localhost:6379/1/2")).toThrow(/database "1\/2"/);
});

it("keeps every message on one line and never shows the password", () => {
  try {
    parseStoreUrl("ftp://u:secret@h/0");
    expect.unreachable();
  } catch (e) {
    expect(String((e as Error).message)).not.toContain("secret");
    expect(String((e as Error).message)).not.toContain("\n");
  }
});

it("redact leaves a URL without a password alone", () => {
expect(redact("redis://h:1/0")).toBe("redis://h:1/0");
expect(redact("redis://:pw@h:1/0")).toBe("redis://:***@h:1/0");
});
