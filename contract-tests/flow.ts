// The contract flow, top to bottom as the partner guide reads: token, user, vehicle, location, resource,
// read-backs, lists, webhook, event, report; then the documented failures and the isolation checks.
// Clean-up steps are added by the runner for whatever the flow created.
import type { Step } from "./step.js";
import { eventSteps } from "./steps/events.js";
import { failureSteps } from "./steps/failures.js";
import { isolationSteps } from "./steps/isolation.js";
import { listSteps } from "./steps/lists.js";
import { readbackSteps } from "./steps/readbacks.js";
import { registrationSteps } from "./steps/registration.js";
import { tokenSteps } from "./steps/token.js";
import { webhookSteps } from "./steps/webhooks.js";

export const FLOW: readonly Step[] = [
  ...tokenSteps,
  ...registrationSteps,
  ...readbackSteps,
  ...listSteps,
  ...webhookSteps,
  ...eventSteps,
  ...failureSteps,
  ...isolationSteps,
];
