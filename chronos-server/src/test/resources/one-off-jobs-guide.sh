# The curl commands of the hosted API's one-off jobs guide, as the guide prints them. The tests run
# each block (separated by "# ---") with bash after replacing only the host and the key.
# --- asap
curl -X POST https://api.chronos.sh/v1/jobs \
  -H "Authorization: Bearer chrns_your_api_key" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Process upload",
    "handler": "process-upload",
    "payload": { "fileId": "file_abc123" }
  }'
# --- delay
curl -X POST https://api.chronos.sh/v1/jobs \
  -H "Authorization: Bearer chrns_your_api_key" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Send follow-up",
    "handler": "send-email",
    "delay": { "value": 2, "unit": "hour" },
    "payload": { "userId": "usr_123", "template": "follow-up" }
  }'
# --- scheduled_for
curl -X POST https://api.chronos.sh/v1/jobs \
  -H "Authorization: Bearer chrns_your_api_key" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Expire trial",
    "handler": "expire-trial",
    "scheduled_for": "2027-02-15T00:00:00Z",
    "payload": { "accountId": "acc_456" }
  }'
# --- idempotency
curl -X POST https://api.chronos.sh/v1/jobs \
  -H "Authorization: Bearer chrns_your_api_key" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Charge invoice inv_789",
    "handler": "charge-invoice",
    "delay": { "value": 1, "unit": "hour" },
    "idempotency_key": "charge-inv_789",
    "payload": { "invoiceId": "inv_789" }
  }'
# --- push
curl -X POST https://api.chronos.sh/v1/jobs \
  -H "Authorization: Bearer chrns_your_api_key" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Send webhook notification",
    "handler": "notify",
    "delay": { "value": 5, "unit": "minute" },
    "delivery": {
      "type": "push",
      "http": {
        "url": "https://your-app.com/hooks/chronos",
        "method": "POST"
      }
    },
    "payload": { "event": "subscription.created", "data": { "id": "sub_123" } }
  }'
# --- retries (the guide shows this body alone; it is sent as the guide's other requests are)
curl -X POST https://api.chronos.sh/v1/jobs \
  -H "Authorization: Bearer chrns_your_api_key" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "Critical charge",
    "handler": "charge-invoice",
    "delay": { "value": 1, "unit": "hour" },
    "timeout": 60,
    "max_retries": 5,
    "payload": { "invoiceId": "inv_789" }
  }'
# --- one-off
curl "https://api.chronos.sh/v1/jobs?schedule_id=null" \
  -H "Authorization: Bearer chrns_your_api_key"
