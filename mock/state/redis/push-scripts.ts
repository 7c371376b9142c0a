// The Lua scripts of the Redis push state (push-state.ts has the key layout). Each runs atomically on the server,
// so an event is never stored without its outbox entry, an attempt's log entry never without the webhook status it
// leaves, and a trim never leaves an index pointing at a dropped entry. KEYS[1] is the client's base key; the push
// keys all sit under `<base>p:`, beside the data store's keys and in the same Cluster slot.
// Records are JSON written by the TypeScript side and never re-encoded here (cjson would turn [] into {}); a script
// decodes one only to read an id. Where a record is missing, a script answers 0 and the caller says which.

const PRELUDE = `
local base = KEYS[1]
local function k(name) return base..'p:'..name end
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

const script = (body: string) => PRELUDE + body;

/** The webhooks in the order they were added, each as its hash's flat field list. */
export const WEBHOOKS = script(`
local out = {}
for _, id in ipairs(redis.call('ZRANGE', k('whs'), 0, -1)) do out[#out + 1] = redis.call('HGETALL', k('w:'..id)) end
return out
`);

/** ARGV: webhookId, then field/value pairs. */
export const ADD_WEBHOOK = script(`
redis.call('HSET', k('w:'..ARGV[1]), unpack(ARGV, 2))
redis.call('ZADD', k('whs'), redis.call('INCR', k('n')), ARGV[1])
return 1
`);

/** ARGV: webhookId, modifiedDate, then field/value pairs. A new webhookUrl sets the status to New. 0 when unknown. */
export const CHANGE_WEBHOOK = script(`
local key = k('w:'..ARGV[1])
if redis.call('EXISTS', key) == 0 then return 0 end
for i = 3, #ARGV, 2 do
  if ARGV[i] == 'webhookUrl' and redis.call('HGET', key, 'webhookUrl') ~= ARGV[i + 1] then redis.call('HSET', key, 'status', '"New"') end
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
end
redis.call('HSET', key, 'modifiedDate', ARGV[2])
return redis.call('HGETALL', key)
`);

/**
 * ARGV: webhookId. 0 when unknown. Its index of attempts goes with it (GET /webhooks/logs?webhookId= of a deleted
 * webhook is empty); the attempts themselves stay in the client's log until they age out of it.
 */
export const DELETE_WEBHOOK = script(`
if redis.call('ZREM', k('whs'), ARGV[1]) == 0 then return 0 end
redis.call('DEL', k('w:'..ARGV[1]), k('wl:'..ARGV[1]))
redis.call('SREM', k('wls'), ARGV[1])
return 1
`);

/**
 * ARGV: eventId, event json, maxEvents, maxEventBytes, the notification jobs as a json array ('' for none), their
 * notificationIds. Stores the event (dropping the oldest beyond maxEvents, and beyond maxEventBytes of events, the
 * newest always kept; `evbytes` counts them) and, with it, the outbox entry the sweeper falls back on.
 */
export const PUBLISH = script(`
redis.call('HSET', k('ev'), ARGV[1], ARGV[2])
redis.call('LPUSH', k('evs'), ARGV[1])
local bytes = redis.call('INCRBY', k('evbytes'), string.len(ARGV[2]))
local max, maxBytes = tonumber(ARGV[3]), tonumber(ARGV[4])
local n = redis.call('LLEN', k('evs'))
while n > max or (bytes > maxBytes and n > 1) do
  local old = redis.call('RPOP', k('evs'))
  bytes = redis.call('DECRBY', k('evbytes'), redis.call('HSTRLEN', k('ev'), old))
  redis.call('HDEL', k('ev'), old)
  n = n - 1
end
if ARGV[5] ~= '' then
  redis.call('HSET', k('outbox'), ARGV[1], '{"at":'..nowMs()..',"jobs":'..ARGV[5]..'}')
  redis.call('SADD', k('pending'), unpack(ARGV, 6))
end
return 1
`);

/**
 * ARGV: notificationId, webhookId, log json, content, status json, lastAnalyzedTimestamp json, maxDeliveryLogs,
 * '1' when it is the notification's last attempt, maxDeliveryLogBytes. Logs the attempt unless the notification is
 * no longer pending (the client was reset meanwhile: 0), sets the webhook's status, and drops the oldest attempts
 * beyond the caps (count, and bytes of log entries and bodies, `logbytes`; the newest always kept).
 */
export const RECORD = script(`
local nid, wid = ARGV[1], ARGV[2]
if redis.call('SISMEMBER', k('pending'), nid) == 0 then return 0 end
local n = redis.call('INCR', k('n'))
redis.call('LPUSH', k('logs'), n)
redis.call('HSET', k('log'), n, ARGV[3])
redis.call('HSET', k('body'), n, ARGV[4])
redis.call('HSET', k('latest'), nid, n)
redis.call('HINCRBY', k('tries'), nid, 1)
local bytes = redis.call('INCRBY', k('logbytes'), string.len(ARGV[3]) + string.len(ARGV[4]))
local w = k('w:'..wid)
-- An attempt that ends after its webhook was deleted does not bring back the webhook's index.
if redis.call('EXISTS', w) == 1 then
  redis.call('HSET', w, 'status', ARGV[5], 'lastAnalyzedTimestamp', ARGV[6])
  redis.call('LPUSH', k('wl:'..wid), n)
  redis.call('SADD', k('wls'), wid)
end
if ARGV[8] == '1' then redis.call('SREM', k('pending'), nid) end
local max, maxBytes = tonumber(ARGV[7]), tonumber(ARGV[9])
local kept = redis.call('LLEN', k('logs'))
while kept > max or (bytes > maxBytes and kept > 1) do
  local old = redis.call('RPOP', k('logs'))
  kept = kept - 1
  bytes = redis.call('DECRBY', k('logbytes'), redis.call('HSTRLEN', k('log'), old) + redis.call('HSTRLEN', k('body'), old))
  local l = cjson.decode(redis.call('HGET', k('log'), old))
  local wl = k('wl:'..l.webhookId)
  if redis.call('LINDEX', wl, -1) == old then redis.call('RPOP', wl) end
  if redis.call('LLEN', wl) == 0 then redis.call('SREM', k('wls'), l.webhookId) end
  if redis.call('HGET', k('latest'), l.notificationId) == old then redis.call('HDEL', k('latest'), l.notificationId); redis.call('HDEL', k('tries'), l.notificationId) end
  redis.call('HDEL', k('log'), old)
  redis.call('HDEL', k('body'), old)
end
return n
`);

/** ARGV: list name, hash name, start, count. [length of the list, then the hash's values for the slice, newest first]. */
export const PAGE = script(`
local list = k(ARGV[1])
local total = redis.call('LLEN', list)
local start, count = tonumber(ARGV[3]), tonumber(ARGV[4])
local out = {total}
if count > 0 and start < total then
  local ids = redis.call('LRANGE', list, start, start + count - 1)
  local items = redis.call('HMGET', k(ARGV[2]), unpack(ids))
  for i = 1, #ids do if items[i] then out[#out + 1] = items[i] end end
end
return out
`);

/**
 * Reports in bounded slices, for a reader that keeps those it has read (push-state.ts, #reports). Reports are numbered:
 * `rn` is the newest's number, so the list holds rn - LLEN + 1 … rn; `repoch` is set with the first report (and goes
 * with CLEAR or a Redis that lost its data), so a number read under one epoch never names another report.
 * ARGV: the epoch the reader knows, the number of the last report it has ('' for none), the most to answer, and the
 * most bytes to answer (passed by the report that reaches it; at least one report is answered).
 * [epoch ('' for reports written before numbering), first number kept, number of the first answered, newest number,
 * then the reports answered, oldest first]: the ones after the reader's last when its epoch is current, else from
 * the first kept.
 */
export const REPORTS_AFTER = script(`
local epoch = redis.call('GET', k('repoch')) or ''
local last = tonumber(redis.call('GET', k('rn')) or '0')
local first = last - redis.call('LLEN', k('reports')) + 1
local from = first
if ARGV[2] ~= '' and epoch == ARGV[1] then from = math.max(first, tonumber(ARGV[2]) + 1) end
local out = {epoch, first, from, last}
local upto = math.min(last, from + tonumber(ARGV[3]) - 1)
if upto >= from then
  local bytes, maxBytes = 0, tonumber(ARGV[4])
  for _, r in ipairs(redis.call('LRANGE', k('reports'), from - first, upto - first)) do
    out[#out + 1] = r
    bytes = bytes + string.len(r)
    if bytes >= maxBytes then break end
  end
end
return out
`);

/** ARGV: notificationId. [log json, content] of its latest attempt kept, or 0. */
export const ATTEMPT = script(`
local n = redis.call('HGET', k('latest'), ARGV[1])
if not n then return 0 end
return {redis.call('HGET', k('log'), n), redis.call('HGET', k('body'), n)}
`);

/** ARGV: notificationIds. For each: [attempts made, latest log json or false]. */
export const TRIES = script(`
local out = {}
for i = 1, #ARGV do
  local n = redis.call('HGET', k('latest'), ARGV[i])
  out[#out + 1] = {tonumber(redis.call('HGET', k('tries'), ARGV[i]) or '0'), n and redis.call('HGET', k('log'), n) or false}
end
return out
`);

/** ARGV: age in ms. The outbox entries written at least that long ago (by Redis's clock), as eventId/json pairs. */
export const DUE_OUTBOX = script(`
local limit = nowMs() - tonumber(ARGV[1])
local all = redis.call('HGETALL', k('outbox'))
local out = {}
for i = 1, #all, 2 do
  local at = tonumber(string.match(all[i + 1], '^{"at":(%d+)'))
  if at and at <= limit then out[#out + 1] = all[i]; out[#out + 1] = all[i + 1] end
end
return out
`);

/** Removes every push key of the client; answers the notificationIds that were pending, to cancel their jobs. */
export const CLEAR = script(`
for _, id in ipairs(redis.call('ZRANGE', k('whs'), 0, -1)) do redis.call('DEL', k('w:'..id)) end
for _, id in ipairs(redis.call('SMEMBERS', k('wls'))) do redis.call('DEL', k('wl:'..id)) end
local pending = redis.call('SMEMBERS', k('pending'))
-- UNLINK: the events, logs and bodies may be tens of megabytes, freed in the background.
redis.call('UNLINK', k('whs'), k('wls'), k('n'), k('ev'), k('evs'), k('logs'), k('log'), k('body'), k('latest'), k('tries'), k('pending'), k('outbox'), k('reports'), k('rn'), k('repoch'), k('announced'), k('evbytes'), k('logbytes'), k('rbytes'))
return pending
`);

/** KEYS[1]: the lease; ARGV: holder, ms. Takes the lease if free, renews it if held by the holder; 1 when held. */
export const LEASE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]); return 1 end
return 0
`;

/** KEYS[1]: the lease; ARGV: holder. Lets it go if the holder has it. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
