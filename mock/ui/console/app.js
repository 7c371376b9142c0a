// The console: sign in as a client, then watch its data, events, webhook deliveries and request journal update
// live, and steer the mock with buttons. Only the public API and the control API are used.
import { signIn } from "./api.js";
import { el, fillRows, json, when } from "./dom.js";

const POLL_MS = 2000;
/** Users shown with their details; each costs five reads per refresh. */
const MAX_USERS = 10;
const $ = (id) => document.getElementById(id);
let client;
let timer;
/** Counts refreshes, so that one overtaken by a newer one does not draw stale data. */
let generation = 0;
/** What the users table was drawn from (see refresh); undefined redraws it. */
let shownUsers;

const status = (text, ok = true) => {
  $("status").textContent = text;
  $("status").className = ok ? "ok" : "bad";
};
const enc = encodeURIComponent;

async function userRow(user) {
  const base = `/users/${enc(user.userId)}`;
  const [locations, resources, eligibility, enrollment, compensation] = await Promise.all([
    client.api("GET", `${base}/locations`),
    client.api("GET", `${base}/resources`),
    client.api("GET", `${base}/eligibility`),
    client.api("GET", `${base}/enrollment`),
    client.api("GET", `${base}/compensation`),
  ]);
  const locationItems = locations.map((l) => el("li", {}, l.locationId, ` (${l.locationType}${l.meterPointIds?.length ? `, ${l.meterPointIds.join(", ")}` : ""})`));
  const resourceItems = (resources.resources ?? []).map((r) => el("li", {}, r.resourceId, ` ${r.resourceType}`, r.locationId === null ? " (vehicle)" : ` at ${r.locationId}`));
  const paid = compensation.locationCompensations.map((c) => el("li", {}, `${c.locationId}: ${c.activeAmount} ${c.currency}`, c.blockedAmount ? ` (+${c.blockedAmount} blocked)` : ""));
  return el(
    "tr",
    { "data-user": "" },
    el("td", { class: "user-id" }, user.userId),
    el("td", {}, eligibility.isEligible ? "yes" : "no"),
    el("td", {}, enrollment.isEnrolled ? `since ${when(enrollment.enrollmentDate)}` : "no"),
    el("td", {}, el("ul", {}, locationItems)),
    el("td", {}, el("ul", {}, resourceItems)),
    el("td", {}, `${compensation.period.from} – ${compensation.period.to}`, el("ul", {}, paid)),
  );
}

/** Reads everything, then draws it unless a newer refresh started meanwhile (`current()` false). */
async function refresh(current) {
  const faults = await client.control("GET", "/faults");
  if (current()) {
    const set = Object.keys(faults).length > 0;
    $("faults").textContent = set ? JSON.stringify(faults) : "none";
    $("faults").className = set ? "bad" : "";
    $("faults-off").hidden = !set;
  }
  const [clock, users, events, webhooks, logs, journal] = await Promise.all([
    client.control("GET", "/clock"),
    client.api("GET", `/users?pageSize=${MAX_USERS}`),
    client.api("GET", "/events?pageSize=20"),
    client.api("GET", "/webhooks"),
    client.api("GET", "/webhooks/logs?pageSize=20"),
    client.control("GET", "/requests?limit=100"),
  ]);
  // A user's details cost five reads (each in the journal), so they are read again only when something may have
  // changed them: a request other than a read, a new user list or a moved clock.
  const lastChange = journal.requests.find((r) => r.method !== "GET");
  const signature = JSON.stringify([lastChange?.at, lastChange?.path, users.users.map((u) => u.userId), clock.offsetSeconds, clock.frozen]);
  const userRows = signature === shownUsers ? undefined : await Promise.all(users.users.map(userRow));
  if (!current()) return;
  if (userRows) shownUsers = signature;
  $("clock-now").textContent = when(clock.now);
  $("clock-state").textContent = `(${clock.frozen ? "frozen, " : ""}${clock.offsetSeconds === 0 ? "real time" : `${clock.offsetSeconds > 0 ? "+" : ""}${clock.offsetSeconds} s`})`;

  const more = users.pagination.totalRecords > users.users.length ? [el("tr", {}, el("td", { colspan: 6 }, `and ${users.pagination.totalRecords - users.users.length} more`))] : [];
  if (userRows) fillRows($("users"), [...userRows, ...more], "No users yet.");

  $("events").replaceChildren(
    ...events.events.map((e) => el("li", { "data-event": "" }, el("strong", {}, e.payload.payloadType), ` ${when(e.createdAt)} `, el("code", {}, e.id), json("payload", e.payload))),
  );
  if (events.events.length === 0) $("events").append(el("li", {}, "No events yet."));

  fillRows(
    $("webhooks"),
    webhooks.webhooks.map((w) => el("tr", {}, el("td", {}, w.name ?? "–"), el("td", {}, w.webhookUrl), el("td", { class: w.status === "Healthy" ? "ok" : w.status === "New" ? "" : "bad" }, w.status), el("td", {}, w.enabled ? "yes" : "no"), el("td", {}, w.notificationTypes.join(", ")))),
    "No webhooks.",
  );
  fillRows(
    $("attempts"),
    logs.webhookNotificationLogs.map((l) =>
      el(
        "tr",
        { "data-attempt": "" },
        el("td", {}, when(l.notificationSent)),
        el("td", {}, l.notificationType),
        el("td", {}, el("code", {}, l.partnerEventId ?? "–")),
        el("td", { class: l.responseStatusCode === 200 ? "ok" : "bad" }, l.responseStatusCode ?? "none"),
        el("td", {}, `${l.requestDurationMs} ms`),
        el("td", {}, l.requestTimeout ? "yes" : "no"),
        el("td", {}, l.sparkSignature ? el("code", { title: l.sparkSignature }, `${l.sparkSignature.slice(0, 12)}…`) : "none"),
      ),
    ),
    "No delivery attempts.",
  );

  const hideReads = $("hide-reads").checked;
  fillRows(
    $("journal"),
    journal.requests
      .filter((r) => !hideReads || r.method !== "GET")
      .map((r) => {
        const query = new URLSearchParams(r.query).toString();
        return el(
          "tr",
          {},
          el("td", {}, when(r.at)),
          el("td", {}, `${r.method} ${r.path}${query ? `?${query}` : ""}`),
          el("td", {}, r.operationId ?? "–"),
          el("td", { class: r.status < 400 && r.status > 0 ? "ok" : "bad" }, r.fault ? `${r.status} (fault: ${r.fault})` : r.status),
          el("td", {}, r.durationMs),
          el("td", {}, r.body === null ? "" : json("body", r.body)),
        );
      }),
    "No requests yet.",
  );
}

/** Runs a refresh now and every POLL_MS while the page is visible; a failure shows and the polling goes on. */
function poll() {
  clearTimeout(timer);
  const seq = ++generation;
  refresh(() => seq === generation)
    .catch((e) => status(e.message, false))
    .finally(() => {
      if (seq === generation && !document.hidden) timer = setTimeout(poll, POLL_MS);
    });
}
document.addEventListener("visibilitychange", () => {
  if (!document.hidden && client) poll();
});

const ACTIONS = {
  pricecurve: () => client.api("POST", "/simulation/events/pricecurve", {}),
  usereligibility: () => client.api("POST", "/simulation/events/usereligibility"),
  "lpc-locations": () => client.api("POST", "/simulation/events/lpc/locations", {}),
  "lpc-resources": () => client.api("POST", "/simulation/events/lpc/resources", {}),
  "partner-create": () => client.api("POST", "/simulation/partner"),
  "partner-remove": () => client.api("DELETE", "/simulation/partner"),
  deliver: async () => {
    const r = await client.control("POST", "/webhooks/deliver");
    return `${r.attempted} attempted, ${r.delivered} delivered, ${r.failed} failed`;
  },
  reset: () => client.control("POST", "/reset"),
  "clock-advance": () => client.control("PUT", "/clock", { advance: clockForm().advance.value, frozen: clockForm().frozen.checked }),
  "clock-set": () => client.control("PUT", "/clock", { now: clockForm().now.value, frozen: clockForm().frozen.checked }),
  "clock-real": () => client.control("DELETE", "/clock"),
  "faults-off": () => client.control("DELETE", "/faults"),
};
const clockForm = () => $("clock").elements;

document.addEventListener("click", async (event) => {
  const button = event.target.closest?.("button[data-action]");
  if (!button || !client) return;
  event.preventDefault();
  const name = button.dataset.action;
  status(`${button.textContent}…`);
  try {
    const result = await ACTIONS[name]();
    status(`${button.textContent}: ${typeof result === "string" ? result : "done"}`);
  } catch (e) {
    status(e.message, false);
  }
  shownUsers = undefined;
  poll();
});

$("hide-reads").addEventListener("change", () => poll());

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target.elements;
  $("sign-in-status").textContent = "signing in…";
  try {
    client = await signIn(form.clientId.value, form.clientSecret.value);
  } catch (e) {
    $("sign-in-status").textContent = e.message;
    return;
  }
  $("sign-in-status").textContent = "";
  $("client").textContent = client.clientId;
  $("console").hidden = false;
  poll();
});
