#!/usr/bin/env python3
"""A partner's integration against the Energy Coordination mock, with Python's standard library only.

Token, user, location in the test area, hot-water tank, webhook (a local receiver that checks every signature),
a simulated price curve, the report on it, the user's compensation, then the mock's clock and reset.

    npx energy-coordination mock            # in another terminal
    python3 partner.py                      # or set EC_ORIGIN, EC_CLIENT_ID, EC_CLIENT_SECRET
"""
import base64
import hashlib
import hmac
import json
import os
import queue
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ORIGIN = os.environ.get("EC_ORIGIN", "http://127.0.0.1:4010")
API = ORIGIN + "/energy-coordination/v1"
CLIENT_ID = os.environ.get("EC_CLIENT_ID", "partner-demo")
CLIENT_SECRET = os.environ.get("EC_CLIENT_SECRET", "partner-demo-secret")
WEBHOOK_SECRET = "a-long-random-webhook-secret"
LONGYEARBYEN = {"latitude": 78.2209, "longitude": 15.6195}  # the sandbox's test area: its users become eligible


def get_token():
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}).encode()
    with urllib.request.urlopen(urllib.request.Request(ORIGIN + "/connect/token", data=form)) as res:
        return json.load(res)["access_token"]


token = get_token()


def call(method, path, body=None, base=API):
    """Sends a JSON request with the bearer token; returns (status, parsed body or None)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Authorization": "Bearer " + token})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req) as res:
            raw = res.read()
            return res.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        return e.code, None


def expect(what, status, wanted):
    if status != wanted:
        sys.exit(f"FAILED {what}: expected {wanted}, got {status}")
    print(f"ok {what}")


def signature_ok(raw_body, header):
    """X-Payload-Signature = Base64(HMAC-SHA256(UTF-8 secret, the exact raw body bytes))."""
    expected = base64.b64encode(hmac.new(WEBHOOK_SECRET.encode(), raw_body, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, header or "")


notifications = queue.Queue()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not signature_ok(raw, self.headers.get("X-Payload-Signature")):
            self.send_response(401)
            self.end_headers()
            return
        notifications.put(json.loads(raw))
        self.send_response(200)  # only a 200 counts as delivered
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}/hooks"

user, location, tank = (str(uuid.uuid4()) for _ in range(3))
meter = "707057500000000001"
expect("register the user", call("POST", "/users", {"userId": user})[0], 201)
status, body = call("POST", f"/users/{user}/locations", {"locationId": location, "locationType": "Residential", "meterPointIds": [meter], "coordinates": LONGYEARBYEN})
expect("register the location", status, 201)
expect("register the hot-water tank", call("POST", f"/users/{user}/locations/{location}/resources", {"resourceId": tank, "resourceType": "HotWaterTank"})[0], 201)
status, webhook = call("POST", "/webhooks", {"webhookUrl": receiver_url, "name": "python partner", "webhookSecret": WEBHOOK_SECRET, "notificationTypes": ["PriceCurveCreated"]})
expect("register the webhook", status, 201)

status, simulated = call("POST", "/simulation/events/pricecurve", {"priceArea": "NO1", "targets": [{"resourceId": tank, "locationId": location}]})
expect("simulate a price curve", status, 200)
event = simulated["simulatedEvent"]
notification = notifications.get(timeout=15)
if notification["eventId"] != event["id"] or notification["notificationType"] != "PriceCurveCreated":
    sys.exit(f"FAILED the webhook: got {notification}")
print("ok the signed webhook arrived for the event")

hours = [p["timestamp"] for p in event["payload"]["priceCurveDelta"]["points"]]
usage = {"payloadType": "EnergyUsage", "resourceId": tank, "locationId": location, "meterPointId": meter, "resolution": "01:00:00", "points": [{"timestamp": h, "kiloWattHours": 1.5} for h in hours]}
expect("report the energy used", call("POST", "/reports", {"eventId": event["id"], "payloads": [usage]})[0], 200)
status, compensation = call("GET", f"/users/{user}/compensation")
expect("read the compensation", status, 200)
print(f"   period {compensation['period']['from']} .. {compensation['period']['to']}, {len(compensation['locationCompensations'])} location(s)")

# The mock's control API: a day later by this client's clock (its tokens expire by that clock, so take a new one).
expect("move this client's clock a day on", call("PUT", "/_mock/clock", {"advance": "P1D"}, base=ORIGIN)[0], 200)
token = get_token()
status, clock = call("GET", "/_mock/clock", base=ORIGIN)
expect("read the clock", status, 200)
print(f"   now {clock['now']}")
expect("reset this client's data", call("POST", "/_mock/reset", base=ORIGIN)[0], 204)
expect("the user is gone after the reset", call("GET", f"/users/{user}")[0], 404)
receiver.shutdown()
print("partner flow passed")
