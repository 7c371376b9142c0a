// The programme: a location in a test area makes its user and its meter points eligible and puts the user in the
// eligible users; enrolment and unenrolment show in the enrollment; the compensation is for the deployment's month.
import { fail, type Checked } from "../client.js";
import { expectEcho } from "../comparison.js";
import { localDate, monthOf } from "../calendar.js";
import { walkPages } from "../pagination.js";
import { present, type FlowContext, type Step } from "../step.js";

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const userKey = (u: unknown) => (isObject(u) ? String(u.userId) : JSON.stringify(u));

/** The deployment's "now": the time it stamped on something it just made, else its Date header. */
export function deploymentNow(res: Checked, stamped?: string | null): number {
  const fromBody = stamped ? Date.parse(stamped) : NaN;
  if (!Number.isNaN(fromBody)) return fromBody;
  const date = Date.parse(res.exchange.response?.headers.date ?? "");
  return Number.isNaN(date) ? Date.now() : date;
}

/** Every eligible user of the client (up to 50 pages of 1000). */
export async function allEligible(ctx: FlowContext, who: "client" | "second" = "client"): Promise<{ ids: Set<string>; last: Checked }> {
  const ids = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await ctx.call("GetEligibleUsers", 200, { token: ctx.token(who), query: { page, pageSize: 1000 } });
    for (const u of res.body.users ?? []) ids.add(u.userId);
    if (page >= Math.ceil(res.body.pagination.totalRecords / 1000) || page >= 50) return { ids, last: res };
  }
}

export const programmeSteps: Step[] = [
  {
    name: "GetUserEligibilityByUserId",
    operationId: "GetUserEligibilityByUserId",
    safe: true,
    needs: ["PostLocation", "PostLocations"],
    async run(ctx) {
      const outside = present(ctx.state.userId, "user");
      const res = await ctx.call("GetUserEligibilityByUserId", 200, { params: { userId: outside } });
      expectEcho(res, { userId: outside, isEligible: false }, "the eligibility of a user whose locations lie outside every test area");
      for (const userId of present(ctx.state.batchUsers, "batch users")) {
        const inside = await ctx.call("GetUserEligibilityByUserId", 200, { params: { userId } });
        expectEcho(inside, { userId, isEligible: true }, "the eligibility of a user with a location in a test area");
      }
    },
  },
  {
    name: "GetMpidEligibility",
    operationId: "GetMpidEligibility",
    safe: true,
    needs: ["PostLocation", "PostLocations"],
    async run(ctx) {
      const inside = present(ctx.state.batchLocations, "batch locations")[0]!.meterPointIds[0]!;
      const outside = present(ctx.state.location, "location").meterPointIds[0]!;
      const yes = await ctx.call("GetMpidEligibility", 200, { params: { mpid: inside } });
      expectEcho(yes, { meterPointId: inside, isEligible: true }, "the eligibility of a meter point in a test area");
      const no = await ctx.call("GetMpidEligibility", 200, { params: { mpid: outside } });
      expectEcho(no, { meterPointId: outside, isEligible: false }, "the eligibility of a meter point outside every test area");
    },
  },
  {
    name: "GetEligibleUsers",
    operationId: "GetEligibleUsers",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const read = async (page: number, pageSize: number) => {
        const res = await ctx.call("GetEligibleUsers", 200, { query: { page, pageSize } });
        return { res, items: res.body.users };
      };
      const batch = ctx.state.batchUsers;
      await walkPages(read, userKey, "eligible users", { atLeast: batch ? batch.length : 0 });
      if (!batch) return;
      const { ids, last } = await allEligible(ctx);
      const missing = batch.filter((id) => !ids.has(id));
      if (missing.length > 0) fail(last, `the eligible users lack ${missing.join(", ")}, whose locations (registered with PostLocations) lie in a test area`);
      const outside = ctx.state.userId;
      if (outside !== undefined && ids.has(outside)) fail(last, `the eligible users hold ${outside}, whose locations lie outside every test area`);
    },
  },
  {
    name: "PostUserEnrollment [not eligible → 400]",
    operationId: "PostUserEnrollment",
    safe: false,
    needs: ["PostLocation"],
    async run(ctx) {
      const userId = present(ctx.state.userId, "user");
      await ctx.call("PostUserEnrollment", 400, { params: { userId } }, "the user has no location in an eligible area");
      const read = await ctx.call("GetUserEnrollmentByUserId", 200, { params: { userId } });
      expectEcho(read, { userId, isEnrolled: false }, "the enrollment of a user whose enrolment was refused");
    },
  },
  {
    name: "PostUserEnrollment",
    operationId: "PostUserEnrollment",
    safe: false,
    needs: ["PostLocations"],
    async run(ctx) {
      const userId = present(ctx.state.batchUsers, "batch users")[0]!;
      const res = await ctx.call("PostUserEnrollment", 200, { params: { userId } });
      expectEcho(res, { userId, isEnrolled: true }, "the enrollment");
      if (!res.body.enrollmentId) fail(res, "an enrolled user's enrollment has no enrollmentId", [{ field: "body.enrollmentId", pointer: "/enrollmentId", message: "expected an id once enrolled" }]);
      ctx.state.enrollmentId = res.body.enrollmentId;
      ctx.state.now = deploymentNow(res, res.body.enrollmentDate);
    },
  },
  {
    name: "GetUserEnrollmentByUserId",
    operationId: "GetUserEnrollmentByUserId",
    safe: true,
    needs: ["PostUserEnrollment"],
    async run(ctx) {
      const [enrolled, other] = present(ctx.state.batchUsers, "batch users");
      const res = await ctx.call("GetUserEnrollmentByUserId", 200, { params: { userId: enrolled! } });
      expectEcho(res, { userId: enrolled, isEnrolled: true, enrollmentId: ctx.state.enrollmentId }, "the enrollment read back after PostUserEnrollment");
      const not = await ctx.call("GetUserEnrollmentByUserId", 200, { params: { userId: other! } });
      expectEcho(not, { userId: other, isEnrolled: false }, "the enrollment of an eligible user who was not enrolled");
    },
  },
  {
    name: "FetchUserCompensation",
    operationId: "FetchUserCompensation",
    safe: true,
    needs: ["PostLocations"],
    async run(ctx) {
      const { userId, locationId, meterPointIds } = present(ctx.state.batchLocations, "batch locations")[0]!;
      const res = await ctx.call("FetchUserCompensation", 200, { params: { userId } });
      const now = ctx.state.now ?? deploymentNow(res);
      // Months are Norwegian local months; at a month's edge a target on UTC months is one hour off, so both count.
      const months = [monthOf(localDate(now, "Europe/Oslo")), monthOf(new Date(now).toISOString().slice(0, 10))];
      if (!months.some((m) => m.from === res.body.period.from && m.to === res.body.period.to)) {
        fail(res, `the compensation period is not the deployment's current month (it is ${new Date(now).toISOString()} there)`, [
          { field: "body.period", pointer: "/period", message: `expected ${JSON.stringify(months[0])}, got ${JSON.stringify(res.body.period)}` },
        ]);
      }
      if (res.body.userId != null && res.body.userId !== userId) fail(res, "the compensation names another user", [{ field: "body.userId", pointer: "/userId", message: `expected ${JSON.stringify(userId)}, got ${JSON.stringify(res.body.userId)}` }]);
      const index = (res.body.locationCompensations ?? []).findIndex((l) => l.locationId === locationId);
      if (index < 0) fail(res, `the compensation lacks the user's location ${locationId}`);
      expectEcho(res, { locationId, meterPointIds }, "the location's compensation", `/locationCompensations/${index}`);
    },
  },
  {
    name: "DeleteUserEnrollment",
    operationId: "DeleteUserEnrollment",
    safe: false,
    needs: ["PostUserEnrollment"],
    async run(ctx) {
      const userId = present(ctx.state.batchUsers, "batch users")[0]!;
      await ctx.call("DeleteUserEnrollment", 204, { params: { userId } });
      const read = await ctx.call("GetUserEnrollmentByUserId", 200, { params: { userId } });
      expectEcho(read, { userId, isEnrolled: false }, "the enrollment read back after DeleteUserEnrollment");
    },
  },
];
