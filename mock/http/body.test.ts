// Request bodies as partners' HTTP clients send them: in pieces, compressed, chunked, empty, or abandoned halfway. The
// common case is read by the mock itself (body.ts), the rest by body-parser; both must land the same body.
import { request } from "node:http";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { useMock } from "../testing.js";
import { bodyReader } from "./body.js";

interface Sent {
  headers: Record<string, string | number>;
  /** The body's pieces, each written once the one before it was handed to the socket. */
  pieces: Buffer[];
}

/** POSTs /users with the pieces and headers given; answers the status and the body text. */
async function postUsers(sent: Sent): Promise<{ status: number; text: string }> {
  const mock = await useMock();
  const token = await mock.token();
  return new Promise((resolve, reject) => {
    const req = request(`${mock.origin}/energy-coordination/v1/users`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...sent.headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    const write = (i: number): void => {
      if (i === sent.pieces.length) return void req.end();
      req.write(sent.pieces[i], () => write(i + 1));
    };
    write(0);
  });
}

const user = (userId: string) => Buffer.from(JSON.stringify({ userId }));
const created = (userId: string) => ({ status: 201, text: JSON.stringify({ userId }) });

/** A request stream with these headers, whose body the test writes piece by piece, and what the reader passed on. */
function readInto(headers: Record<string, string>) {
  const req = Object.assign(new PassThrough(), { headers, body: undefined as unknown });
  const passed = new Promise<unknown>((resolve) => void bodyReader(1024)(req as never, {} as never, resolve));
  return { req, passed };
}

it("joins a body that arrives in several pieces", async () => {
  const body = user("in-pieces");
  const { req, passed } = readInto({ "content-length": String(body.length) });
  for (const piece of [body.subarray(0, 3), body.subarray(3, 9), body.subarray(9)]) req.write(piece);
  req.end();
  expect(await passed).toBeUndefined();
  expect(req.body).toEqual(body);
  // Over HTTP too.
  expect(await postUsers({ headers: { "content-length": body.length }, pieces: [body.subarray(0, 3), body.subarray(3, 9), body.subarray(9)] })).toEqual(created("in-pieces"));
});

it("passes on a 400 naming how much arrived when the body stops halfway", async () => {
  const { req, passed } = readInto({ "content-length": "100" });
  req.write(Buffer.from('{"userId"'));
  req.destroy();
  const error = (await passed) as Error & { status?: number; type?: string };
  expect({ message: error.message, status: error.status, type: error.type }).toEqual({ message: "request aborted after 9 of 100 bytes of its body", status: 400, type: "request.aborted" });
  expect(req.body).toBeUndefined();
});

it("reads a gzip-compressed body and a chunked one", async () => {
  const zipped = gzipSync(user("zipped"));
  expect(await postUsers({ headers: { "content-length": zipped.length, "content-encoding": "gzip" }, pieces: [zipped] })).toEqual(created("zipped"));
  const body = user("chunked");
  expect(await postUsers({ headers: { "transfer-encoding": "chunked" }, pieces: [body.subarray(0, 5), body.subarray(5)] })).toEqual(created("chunked"));
});

it("answers an empty body with 400, as one without a body", async () => {
  const empty = await postUsers({ headers: { "content-length": 0 }, pieces: [] });
  expect(empty.status).toBe(400);
  expect(JSON.parse(empty.text)).toEqual("POST /users: body is required (application/json)");
});

it("answers a body in an encoding it cannot read with 415, naming it", async () => {
  const res = await postUsers({ headers: { "content-length": 5, "content-encoding": "snappy" }, pieces: [Buffer.from("xxxxx")] });
  expect(res.status).toBe(415);
  expect(JSON.parse(res.text)).toMatchObject({ status: 415, detail: 'POST /users: unsupported content encoding "snappy"' });
});

it("survives a client that abandons its body halfway, and stores nothing of it", async () => {
  const mock = await useMock();
  const api = await mock.login();
  const token = await mock.token();
  await new Promise<void>((resolve) => {
    const req = request(`${mock.origin}/energy-coordination/v1/users`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": 100 } });
    req.on("error", () => resolve());
    // Gone once the half body is on its way.
    req.write('{"userId":"half', () => req.destroy());
  });
  const after = await api.post("/users", { userId: "whole" });
  expect(after.status).toBe(201);
  expect((await api.get("/users")).body).toMatchObject({ users: [{ userId: "whole" }], pagination: { totalRecords: 1 } });
});
