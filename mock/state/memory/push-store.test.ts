import { expect, it, onTestFinished } from "vitest";
import type { SparkEventPayload } from "../../../spec/types.js";
import { describePushState, PUSH_CONFORMANCE_NOW } from "../push-state.conformance.js";
import { payloadOf, PushStore } from "./push-store.js";
import { useReceiver } from "../../test-support.js";

function store(delivery: { baseDelayMs: number; timeoutMs: number }): PushStore {
  const s = new PushStore({ now: () => PUSH_CONFORMANCE_NOW, delivery });
  onTestFinished(() => s.close());
  return s;
}

describePushState(store);

const payload: SparkEventPayload = { payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u1"], removedUsers: [] };

it("keeps each event's payload and each attempt's log serialized once, as the pages send them", async () => {
  const r = await useReceiver();
  const s = store({ baseDelayMs: 5, timeoutMs: 2000 });
  await s.addWebhook("partner-a", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
  const event = s.publish("partner-a", payload);
  await s.idle();
  const c = s.client("partner-a");
  expect(payloadOf(event)).toEqual(payload);
  expect(c.eventsById.get(event.id)).toBe(event);
  expect(c.attempts.at(0)!.logJson.toString()).toBe(JSON.stringify(c.attempts.at(0)!.log));
});
