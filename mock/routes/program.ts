// The programme: eligibility (a user with a location in an eligible area; a meter point of such a location),
// the paginated list of eligible users, and enrollment (eligible users only; enrolling twice is harmless).
import type { HandlerMap } from "../context.js";
import { paginate } from "../pagination.js";
import type { UserRecord } from "../store.js";

const enrollmentBody = (u: UserRecord) => ({
  userId: u.userId,
  isEnrolled: u.enrollment !== undefined,
  enrollmentId: u.enrollment?.enrollmentId ?? null,
  enrollmentDate: u.enrollment?.enrollmentDate ?? null,
});

export const program: HandlerMap = {
  GetUserEligibilityByUserId(req, { store }) {
    const userId = req.params.userId;
    return { status: 200, body: { userId, isEligible: store.isEligible(req.clientId, userId) } };
  },

  GetEligibleUsers(req, { store }) {
    const eligible = store.data(req.clientId).eligibleUsers;
    const { items, pagination } = paginate(req, eligible.values(), eligible.size);
    return { status: 200, body: { users: items.map((userId) => ({ userId })), pagination } };
  },

  GetMpidEligibility(req, { store }) {
    const meterPointId = req.params.mpid;
    return { status: 200, body: { meterPointId, isEligible: store.isMeterPointEligible(req.clientId, meterPointId) } };
  },

  GetUserEnrollmentByUserId(req, { store }) {
    return { status: 200, body: enrollmentBody(store.user(req.clientId, req.params.userId)) };
  },

  PostUserEnrollment(req, { store }) {
    const userId = req.params.userId;
    store.enroll(req.clientId, userId);
    return { status: 200, body: enrollmentBody(store.user(req.clientId, userId)) };
  },

  DeleteUserEnrollment(req, { store }) {
    store.unenroll(req.clientId, req.params.userId);
    return { status: 204 };
  },
};
