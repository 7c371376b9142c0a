import { expect, it } from "vitest";
import { redactBody, redactHeaders } from "./redaction.js";

it("keeps the scheme of an Authorization header and hides the credential", () => {
  expect(redactHeaders({ Authorization: "Bearer abc.def", "Content-Type": "application/json" })).toEqual({
    Authorization: "Bearer [redacted]",
    "Content-Type": "application/json",
  });
  expect(redactHeaders({ authorization: "abc" })).toEqual({ authorization: "[redacted]" });
});

it("hides the client secret of a token form", () => {
  expect(redactBody("grant_type=client_credentials&client_id=partner-demo&client_secret=top", "application/x-www-form-urlencoded")).toBe(
    "grant_type=client_credentials&client_id=partner-demo&client_secret=[redacted]",
  );
});

it("hides tokens anywhere in a JSON body", () => {
  expect(JSON.parse(redactBody(`{"access_token":"abc","token_type":"Bearer","nested":[{"client_secret":"x"}]}`, "application/json")!)).toEqual({
    access_token: "[redacted]",
    token_type: "Bearer",
    nested: [{ client_secret: "[redacted]" }],
  });
});

it("returns other text as it is", () => {
  expect(redactBody("not json", "text/plain")).toBe("not json");
  expect(redactBody(undefined, undefined)).toBeUndefined();
});
