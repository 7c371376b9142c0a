import { expect, it } from "vitest";
import { shellQuote, toCurl } from "./curl.js";

it("renders a GET with the token left to $TOKEN", () => {
  const line = toCurl({ method: "GET", url: "http://127.0.0.1:4010/energy-coordination/v1/users?page=2&pageSize=1", headers: { Authorization: "Bearer eyJhbGciOi.secret.sig" } });
  expect(line).toBe(`curl 'http://127.0.0.1:4010/energy-coordination/v1/users?page=2&pageSize=1' -H "Authorization: Bearer $TOKEN"`);
});

it("renders a JSON POST with its body quoted for the shell", () => {
  const line = toCurl({
    method: "POST",
    url: "http://h/energy-coordination/v1/users",
    headers: { Authorization: "Bearer abc", "Content-Type": "application/json" },
    body: `{"userId":"it's"}`,
  });
  expect(line).toBe(`curl -X POST 'http://h/energy-coordination/v1/users' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-raw '{"userId":"it'\\''s"}'`);
});

it("renders a token request with the client secret left to $CLIENT_SECRET", () => {
  const line = toCurl({
    method: "POST",
    url: "https://auth.example/connect/token",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=partner-demo&client_secret=s3cr%26t",
  });
  expect(line).toBe(
    `curl -X POST 'https://auth.example/connect/token' -H 'Content-Type: application/x-www-form-urlencoded' --data-urlencode 'grant_type=client_credentials' --data-urlencode 'client_id=partner-demo' --data-urlencode "client_secret=$CLIENT_SECRET"`,
  );
  expect(line).not.toContain("s3cr");
});

it("never prints a credential that has no scheme", () => {
  expect(toCurl({ method: "DELETE", url: "http://h/x", headers: { authorization: "rawtoken" } })).toBe(`curl -X DELETE 'http://h/x' -H "authorization: $TOKEN"`);
});

it("quotes single quotes so the shell gives back the original word", () => {
  expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
});
