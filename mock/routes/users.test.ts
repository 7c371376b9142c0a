import { expect, it } from "vitest";
import { useMock, refusal } from "../testing.js";


it("registers a user and reads it back", async () => {
  const api = await (await useMock()).login();
  const created = await api.post("/users", { userId: "3880a832-f483-4b6a-998d-6109d3a54b06" });
  expect(created.status).toBe(201);
  expect(created.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(created.body).toEqual({ userId: "3880a832-f483-4b6a-998d-6109d3a54b06" });
  const read = await api.get("/users/3880a832-f483-4b6a-998d-6109d3a54b06");
  expect(read.status).toBe(200);
  expect(read.body).toEqual({ userId: "3880a832-f483-4b6a-998d-6109d3a54b06" });
});

it("refuses a duplicate userId with 409", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  const again = await api.post("/users", { userId: "u1" });
  expect(again.headers.get("content-type")).toBe(null);
  expect(refusal(again)).toEqual({ status: 409, detail: "user u1 exists already", text: "" });
});

it("answers 400 naming the request, the field and the rule", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users", { userid: "u1" });
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(res.body).toEqual("POST /users: body.userId is required; body.userid is not allowed");
});

it("refuses an empty userId", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users", { userId: "" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users: body.userId must NOT have fewer than 1 characters");
});

it("answers 404 for an unknown user", async () => {
  const api = await (await useMock()).login();
  const res = await api.get("/users/nobody");
  expect(res.status).toBe(404);
  expect(refusal(res)).toEqual({ status: 404, detail: "user nobody does not exist", text: "" });
});

it("deletes a user, then answers 404 for it", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  const del = await api.delete("/users/u1");
  expect(del.status).toBe(204);
  expect(del.text).toBe("");
  expect((await api.get("/users/u1")).status).toBe(404);
  expect(refusal(await api.delete("/users/u1"))).toEqual({ status: 404, detail: "user u1 does not exist", text: "" });
});

it("lists users one page at a time, 1-based, with the full pagination object", async () => {
  const api = await (await useMock()).login();
  for (const id of ["a", "b", "c", "d", "e"]) await api.post("/users", { userId: id });
  expect((await api.get("/users")).body).toEqual({
    users: [{ userId: "a" }, { userId: "b" }, { userId: "c" }, { userId: "d" }, { userId: "e" }],
    pagination: { totalRecords: 5, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null },
  });
  expect((await api.get("/users?page=1&pageSize=2")).body).toEqual({
    users: [{ userId: "a" }, { userId: "b" }],
    pagination: { totalRecords: 5, pageSize: 2, currentPage: 1, totalPages: 3, nextPage: 2, previousPage: null },
  });
  expect((await api.get("/users?page=2&pageSize=2")).body).toEqual({
    users: [{ userId: "c" }, { userId: "d" }],
    pagination: { totalRecords: 5, pageSize: 2, currentPage: 2, totalPages: 3, nextPage: 3, previousPage: 1 },
  });
  expect((await api.get("/users?page=3&pageSize=2")).body).toEqual({
    users: [{ userId: "e" }],
    pagination: { totalRecords: 5, pageSize: 2, currentPage: 3, totalPages: 3, nextPage: null, previousPage: 2 },
  });
  expect((await api.get("/users?page=9&pageSize=2")).body).toEqual({
    users: [],
    pagination: { totalRecords: 5, pageSize: 2, currentPage: 9, totalPages: 3, nextPage: null, previousPage: 3 },
  });
});

it("answers an empty first page when there are no users", async () => {
  const api = await (await useMock()).login();
  expect((await api.get("/users")).body).toEqual({
    users: [],
    pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null },
  });
});

it("refuses page 0, pageSize 0 and pageSize 1001", async () => {
  const api = await (await useMock()).login();
  expect((await api.get("/users?page=0")).body).toEqual("GET /users: query.page must be >= 1");
  expect((await api.get("/users?pageSize=0")).body).toEqual("GET /users: query.pageSize must be >= 1");
  expect((await api.get("/users?pageSize=1001")).body).toEqual("GET /users: query.pageSize must be <= 1000");
  expect((await api.get("/users?page=two")).body).toEqual("GET /users: query.page must be integer");
  expect((await api.get("/users?pageSize=1000")).status).toBe(200);
});

it("registers a batch of users", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users/batch", { users: [{ userId: "a" }, { userId: "b" }] });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ users: [{ userId: "a" }, { userId: "b" }] });
  expect((await api.get("/users/b")).status).toBe(200);
});

it("refuses a whole batch when one user exists already, naming the item", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "b" });
  const res = await api.post("/users/batch", { users: [{ userId: "a" }, { userId: "b" }] });
  expect(res.status).toBe(409);
  expect(refusal(res)).toEqual({ status: 409, detail: "body.users[1].userId: user b exists already", text: "" });
  expect((await api.get("/users/a")).status).toBe(404);
});

it("refuses a batch that names a user twice", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users/batch", { users: [{ userId: "a" }, { userId: "a" }] });
  expect(res.status).toBe(409);
  expect(refusal(res)).toEqual({ status: 409, detail: "body.users[1].userId: user a appears twice in the batch", text: "" });
  expect((await api.get("/users/a")).status).toBe(404);
});

it("gives exactly one 201 among 40 concurrent creates of one id", async () => {
  const api = await (await useMock()).login();
  const results = await Promise.all(Array.from({ length: 40 }, () => api.post("/users", { userId: "same" })));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(39);
});

it("keeps ids like __proto__ and constructor as plain data", async () => {
  const api = await (await useMock()).login();
  expect((await api.post("/users", { userId: "__proto__" })).status).toBe(201);
  expect((await api.post("/users", { userId: "constructor" })).status).toBe(201);
  expect((await api.get("/users/__proto__")).body).toEqual({ userId: "__proto__" });
  expect((await api.get("/users/constructor")).body).toEqual({ userId: "constructor" });
  expect((await api.get("/users/toString")).status).toBe(404);
  expect((await api.get("/users")).body).toEqual({
    users: [{ userId: "__proto__" }, { userId: "constructor" }],
    pagination: { totalRecords: 2, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null },
  });
});
