// The contract flow, top to bottom as the partner guide reads: token; users, locations and resources registered,
// read back and changed; the programme (eligibility, enrolment, compensation); lists walked page by page; webhooks;
// events and reports; deliveries; the partner data simulation; every status a client can provoke; isolation from a
// second client; then the flow removes one object of each kind and reads it back. Clean-up steps are added by the
// runner for whatever the flow created and did not remove.
import type { Step } from "./step.js";
import { changeSteps } from "./steps/changes.js";
import { deliverySteps } from "./steps/deliveries.js";
import { eventSteps } from "./steps/events.js";
import { failureSteps } from "./steps/failures.js";
import { isolationSteps } from "./steps/isolation.js";
import { listSteps } from "./steps/lists.js";
import { partnerSimulationSteps } from "./steps/partner-simulation.js";
import { programmeSteps } from "./steps/programme.js";
import { readbackSteps } from "./steps/readbacks.js";
import { registrationSteps } from "./steps/registration.js";
import { removalSteps } from "./steps/removal.js";
import { authSteps, statusSteps } from "./steps/statuses.js";
import { tokenSteps } from "./steps/token.js";
import { webhookSteps } from "./steps/webhooks.js";

export const FLOW: readonly Step[] = [
  ...tokenSteps,
  ...registrationSteps,
  ...readbackSteps,
  ...changeSteps,
  ...programmeSteps,
  ...listSteps,
  ...webhookSteps,
  ...eventSteps,
  ...deliverySteps,
  ...partnerSimulationSteps,
  ...failureSteps,
  ...statusSteps,
  ...authSteps,
  ...isolationSteps,
  ...removalSteps,
];
