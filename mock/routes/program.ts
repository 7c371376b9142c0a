// The programme: eligibility (a user with a location in an eligible area; a meter point of such a location),
// the paginated list of eligible users, and enrollment (eligible users only; enrolling twice is harmless).
import type { HandlerMap } from "../http/handler.js";
import { slicePage } from "../domain/pagination.js";
import type { Enrollment } from "../state/state.js";

const enrollmentBody = (userId: string, enrollment: Enrollment | null) => ({
  userId,
  isEnrolled: enrollment !== null,
  enrollmentId: enrollment?.enrollmentId ?? null,
  enrollmentDate: enrollment?.enrollmentDate ?? null,
});

export const program: HandlerMap = {
  async GetUserEligibilityByUserId(req, { store }) {
    const userId = req.params.userId;
    return { status: 200, body: { userId, isEligible: await store.isEligible(req.clientId, userId) } };
  },

  async GetEligibleUsers(req, { store }) {
    const { slice, pagination } = slicePage(req);
    const page = await store.eligibleUsers(req.clientId, slice);
    return { status: 200, body: { users: page.items.map((userId) => ({ userId })), pagination: pagination(page.total) } };
  },

  async GetMpidEligibility(req, { store }) {
    const meterPointId = req.params.mpid;
    return { status: 200, body: { meterPointId, isEligible: await store.isMeterPointEligible(req.clientId, meterPointId) } };
  },

  async GetUserEnrollmentByUserId(req, { store }) {
    const { userId } = req.params;
    return { status: 200, body: enrollmentBody(userId, await store.enrollment(req.clientId, userId)) };
  },

  async PostUserEnrollment(req, { store }) {
    const { userId } = req.params;
    return { status: 200, body: enrollmentBody(userId, await store.enroll(req.clientId, userId)) };
  },

  async DeleteUserEnrollment(req, { store }) {
    await store.unenroll(req.clientId, req.params.userId);
    return { status: 204 };
  },
};
