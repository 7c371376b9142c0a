#!/usr/bin/env bash
# The mock from a shell with curl only (no jq, no Node): a token, a user written and read back, a simulated price
# curve, the newest event. EC_ORIGIN, EC_CLIENT_ID and EC_CLIENT_SECRET default to `npx energy-coordination mock`'s.
set -euo pipefail
ORIGIN="${EC_ORIGIN:-http://127.0.0.1:4010}"
API="$ORIGIN/energy-coordination/v1"

# A JSON string field of a one-line JSON answer, by name (enough for the flat fields read here).
field() { sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p"; }

TOKEN=$(curl -sf "$ORIGIN/connect/token" \
  -d grant_type=client_credentials -d client_id="${EC_CLIENT_ID:-partner-demo}" -d client_secret="${EC_CLIENT_SECRET:-partner-demo-secret}" |
  field access_token)
AUTH="Authorization: Bearer $TOKEN"
USER_ID="curl-user-$RANDOM$RANDOM"

curl -sf -X POST "$API/users" -H "$AUTH" -H 'Content-Type: application/json' -d "{\"userId\":\"$USER_ID\"}" >/dev/null
echo "user: $(curl -sf "$API/users/$USER_ID" -H "$AUTH" | field userId)"

EVENT_ID=$(curl -sf -X POST "$API/simulation/events/pricecurve" -H "$AUTH" -H 'Content-Type: application/json' -d '{"priceArea":"NO1"}' | field id)
echo "event: $EVENT_ID"
echo "newest event: $(curl -sf "$API/events?pageSize=1" -H "$AUTH" | field id)"

curl -sf -X DELETE "$API/users/$USER_ID" -H "$AUTH"
echo "status after delete: $(curl -s -o /dev/null -w '%{http_code}' "$API/users/$USER_ID" -H "$AUTH")"
