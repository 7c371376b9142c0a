import { describe, expect, it } from "vitest";
import { createValidators } from "./validators.js";

const validators = createValidators();

describe("validators", () => {
  it("names the field and the allowed values of a bad enum", () => {
    expect(validators.requestBody("PostLocation", { locationId: "l1", locationType: "Castle" })).toEqual({
      valid: false,
      issues: [{ field: "body.locationType", pointer: "/locationType", message: "must be one of Unknown, Residential, Commercial, Other or null" }],
    });
  });

  it("names a missing required field and an extra one", () => {
    expect(validators.requestBody("PostUser", { userid: "u1" }).issues).toEqual([
      { field: "body.userId", pointer: "/userId", message: "is required" },
      { field: "body.userid", pointer: "/userid", message: "is not allowed" },
    ]);
  });

  it("lists the report kinds when payloadType is unknown", () => {
    expect(validators.requestBody("PostReport", { eventId: "e1", payloads: [{ payloadType: "Gas" }] }).issues).toEqual([
      {
        field: "body.payloads[0].payloadType",
        pointer: "/payloads/0/payloadType",
        message: "must be one of EnergyUsage, LocationEnergyUsage, ResourceLPCAcknowledgement, LocationLPCAcknowledgement, LocationEnergyUsagePlan",
      },
    ]);
  });

  it("refuses a resolution that is not a .NET time span", () => {
    const body = { eventId: "e1", payloads: [{ payloadType: "EnergyUsage", resourceId: "r1", resolution: "1h", points: [] }] };
    expect(validators.requestBody("PostReport", body).issues).toEqual([
      { field: "body.payloads[0].resolution", pointer: "/payloads/0/resolution", message: 'must match format "time-span"' },
    ]);
  });

  it("coerces query strings to the declared types and rejects what does not fit", () => {
    const good: Record<string, unknown> = { page: "2", pageSize: "50" };
    expect(validators.parameters("GetUsers", "query", good)).toEqual({ valid: true, issues: [] });
    expect(good).toEqual({ page: 2, pageSize: 50 });
    expect(validators.parameters("GetUsers", "query", { page: "0", pageSize: "1001" }).issues).toEqual([
      { field: "query.page", pointer: "/page", message: "must be >= 1" },
      { field: "query.pageSize", pointer: "/pageSize", message: "must be <= 1000" },
    ]);
  });

  it("fails a response whose status the operation does not declare", () => {
    expect(validators.response("GetUserById", 500, "application/json", { error: "x" })).toEqual({
      valid: false,
      issues: [{ field: "status", pointer: "/", message: "500 is not declared for GetUserById (declared: 200, 400, 401, 404)" }],
    });
  });

  it("fails a response with a renamed field", () => {
    expect(validators.response("GetUserById", 200, "application/json", { user_id: "u1" }).issues).toEqual([
      { field: "body.userId", pointer: "/userId", message: "is required" },
      { field: "body.user_id", pointer: "/user_id", message: "is not allowed" },
    ]);
  });

  it("fails a body on a response the spec declares empty", () => {
    expect(validators.response("DeleteUserById", 204, "application/json", { ok: true }).issues).toEqual([
      { field: "body", pointer: "/", message: "must be empty for 204 (the spec declares no content)" },
    ]);
  });

  it("accepts a price-curve event and rejects one whose payload lacks its targets", () => {
    const event = {
      id: "e1",
      createdAt: "2026-11-26T12:00:00Z",
      payload: { payloadType: "PriceCurve", priceArea: "NO1", targets: [], priceCurveDelta: { points: [], resolution: "01:00:00" } },
    };
    expect(validators.response("GetEventById", 200, "application/json", event).valid).toBe(true);
    const { targets: _dropped, ...payload } = event.payload;
    expect(validators.response("GetEventById", 200, "application/json", { ...event, payload }).issues).toEqual([
      { field: "body.payload.targets", pointer: "/payload/targets", message: "is required" },
    ]);
  });
});
