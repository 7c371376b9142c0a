import { expect, it } from "vitest";
import { createValidators } from "../../../spec/validators.js";
import { userEligibilityPayload } from "./user-eligibility.js";

const validators = createValidators();
const NOW = Date.parse("2026-11-26T12:00:00Z");

it("lists every eligible user as added the first time", () => {
  const { payload, eligible } = userEligibilityPayload(new Set(), ["u1", "u2", "u1"], NOW);
  expect(payload).toEqual({ payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u1", "u2"], removedUsers: [] });
  expect(validators.schema("SparkEventPayload", payload).issues).toEqual([]);
  expect([...eligible]).toEqual(["u1", "u2"]);
});

it("lists the users added and removed since the previous event", () => {
  const { payload } = userEligibilityPayload(new Set(["u1", "u2"]), ["u2", "u3"], NOW);
  expect(payload).toEqual({ payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u3"], removedUsers: ["u1"] });
  expect(validators.schema("UserEligibilityPayload", payload).issues).toEqual([]);
});
