// UserEligibility events: the users that became eligible, or stopped being eligible, since the previous one.
import type { Schema } from "../../../spec/types.js";
import { isoUtc } from "./calendar.js";

/** The payload for the change from `before` to `now`, and the set to remember for next time. */
export function userEligibilityPayload(
  before: ReadonlySet<string>,
  now: readonly string[],
  nowMs: number,
): { payload: Schema<"UserEligibilityPayload">; eligible: Set<string> } {
  const eligible = new Set(now);
  return {
    payload: {
      payloadType: "UserEligibility",
      lastUpdated: isoUtc(nowMs),
      addedUsers: [...eligible].filter((u) => !before.has(u)),
      removedUsers: [...before].filter((u) => !eligible.has(u)),
    },
    eligible,
  };
}
