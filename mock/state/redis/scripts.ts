// The Lua scripts that change the Redis data store. Each runs atomically on the server (EVALSHA through ioredis's
// defineCommand), so a rule checked in it holds across every replica: a duplicate is refused, a batch is checked
// whole before its first write, a delete cascades in one step. Every script checks all of its rules before it
// writes anything, so a refusal (or an OOM on the first write) leaves nothing behind.
//
// KEYS[1] is the client's base key, `{prefix}{<client>}:`; the scripts derive the client's other keys from it.
// They all share its hash tag, hence one Cluster slot (Cluster runs such scripts; it cannot check undeclared keys).
// Records are JSON written by the TypeScript side and never re-encoded here (cjson would turn [] into {}):
// a script only decodes them to read flags, and prepends `"seq":n` to a new one.
// A script answers a JSON string: `{"e":[name, {args}]}` for a refusal (a name of mock/domain/refusals.ts's catalogue,
// which renders the message), or its result.

const PRELUDE = `
local base = KEYS[1]
local USERS, SEQ, RES, LOCIDS, MPE, ELIG, SIM = base..'users', base..'seq', base..'res', base..'locids', base..'mpe', base..'elig', base..'sim'
local CAT, CATV, NLOC = base..'cat', base..'catv', base..'nloc'
local function ukey(u) return base..'u:'..u end
local function refuse(name, args) return cjson.encode({e = {name, args}}) end
local function nextSeq() return redis.call('INCR', SEQ) end
local function withSeq(json, n) return '{"seq":'..n..','..string.sub(json, 2) end
local function count(key, field, by)
  if redis.call('HINCRBY', key, field, by) <= 0 then redis.call('HDEL', key, field) end
end
-- A location's place in the client's indexes: its id (reports name locations by id alone) and, when it lies in an
-- eligible area, each of its meter points.
local function index(json, by)
  local l = cjson.decode(json)
  count(LOCIDS, l.locationId, by)
  -- The total is kept once it exists (DATA_USAGE makes it from LOCIDS for data written before it was kept).
  if redis.call('EXISTS', NLOC) == 1 then redis.call('INCRBY', NLOC, by) end
  if l.eligible then
    local seen = {}
    for _, mp in ipairs(l.meterPointIds) do
      if not seen[mp] then seen[mp] = true; count(MPE, mp, by) end
    end
  end
end
-- A user is eligible while one of its locations lies in an eligible area; the list keeps the order they became so.
local function refreshEligibility(u)
  local fields = redis.call('HGETALL', ukey(u))
  local eligible = false
  for i = 1, #fields, 2 do
    if string.sub(fields[i], 1, 2) == 'l:' and cjson.decode(fields[i + 1]).eligible then eligible = true; break end
  end
  local listed = redis.call('ZSCORE', ELIG, u)
  if eligible and not listed then redis.call('ZADD', ELIG, nextSeq(), u)
  elseif listed and not eligible then redis.call('ZREM', ELIG, u) end
end
-- The catalogue's index: the users with a location, a resource or an enrollment, by their number, so that the
-- catalogue reads those users only. listed() after an addition, unlisted() after a removal.
local function hasData(u)
  for _, f in ipairs(redis.call('HKEYS', ukey(u))) do
    local kind = string.sub(f, 1, 2)
    if kind == 'l:' or kind == 'r:' or f == 'e' then return true end
  end
  return false
end
local function listed(u) redis.call('ZADD', CAT, redis.call('HGET', ukey(u), 'c'), u) end
local function unlisted(u) if not hasData(u) then redis.call('ZREM', CAT, u) end end
local function deleteResourceOf(u, id)
  redis.call('HDEL', RES, id)
  redis.call('HDEL', ukey(u), 'r:'..id)
end
local function deleteLocationOf(u, id)
  local key = ukey(u)
  index(redis.call('HGET', key, 'l:'..id), -1)
  redis.call('HDEL', key, 'l:'..id)
  local fields = redis.call('HKEYS', key)
  for _, f in ipairs(fields) do
    if string.sub(f, 1, 2) == 'r:' then
      local rid = string.sub(f, 3)
      local r = cjson.decode(redis.call('HGET', RES, rid))
      if r.locationId == id then deleteResourceOf(u, rid) end
    end
  end
end
local function deleteUserOf(u)
  local key = ukey(u)
  local fields = redis.call('HGETALL', key)
  for i = 1, #fields, 2 do
    local kind = string.sub(fields[i], 1, 2)
    if kind == 'l:' then index(fields[i + 1], -1)
    elseif kind == 'r:' then redis.call('HDEL', RES, string.sub(fields[i], 3)) end
  end
  redis.call('DEL', key)
  redis.call('ZREM', USERS, u)
  redis.call('ZREM', ELIG, u)
  redis.call('ZREM', CAT, u)
end
-- Writes checked items. users: ids; locations: {u, id, json}; resources: {u, id, json} (json names its location).
local function put(users, locations, resources, sim)
  -- A client's first users: there is nothing older to index (INDEX_CATALOGUE indexes a client's older ones).
  if #users > 0 and redis.call('EXISTS', USERS) == 0 then redis.call('SET', CATV, '1') end
  -- Numbers taken at once and ZADD with many members: a batch of 1,000 users holds Redis about a third as long.
  local n = redis.call('INCRBY', SEQ, #users) - #users
  local members = {}
  for _, u in ipairs(users) do
    n = n + 1
    members[#members + 1] = n
    members[#members + 1] = u
    if #members >= 1000 then redis.call('ZADD', USERS, unpack(members)); members = {} end
    if sim then redis.call('HSET', ukey(u), 'c', n, 'sim', sim) else redis.call('HSET', ukey(u), 'c', n) end
  end
  if #members > 0 then redis.call('ZADD', USERS, unpack(members)) end
  -- Users in the order the batch first names them (a Lua table's pairs() has no order), so eligibility keeps it.
  local touched, order = {}, {}
  for _, l in ipairs(locations) do
    local json = withSeq(l[3], nextSeq())
    redis.call('HSET', ukey(l[1]), 'l:'..l[2], json)
    index(json, 1)
    if not touched[l[1]] then touched[l[1]] = true; order[#order + 1] = l[1] end
  end
  for _, u in ipairs(order) do refreshEligibility(u); listed(u) end
  for _, r in ipairs(resources) do
    local n = nextSeq()
    redis.call('HSET', RES, r[2], withSeq(r[3], n))
    redis.call('HSET', ukey(r[1]), 'r:'..r[2], n)
    listed(r[1])
  end
end
`;

const script = (body: string) => PRELUDE + body;

/** ARGV: mode ('one' | 'batch'), userIds… */
export const ADD_USERS = script(`
local batch = ARGV[1] == 'batch'
local seen, ids = {}, {}
-- Which of them exist, asked 500 at a time (a user exists exactly while it is in USERS).
local known = {}
for from = 2, #ARGV, 500 do
  local scores = redis.call('ZMSCORE', USERS, unpack(ARGV, from, math.min(from + 499, #ARGV)))
  for j = 1, #scores do known[from + j - 1] = scores[j] end
end
for i = 2, #ARGV do
  local u = ARGV[i]
  local twice = seen[u]
  if twice or known[i] then
    if not batch then return refuse('user-exists', {userId = u}) end
    return refuse(twice and 'batch-user-twice' or 'batch-user-exists', {index = i - 2, userId = u})
  end
  seen[u] = true
  ids[#ids + 1] = u
end
put(ids, {}, {}, nil)
return '{}'
`);

/** ARGV: userId */
export const DELETE_USER = script(`
if redis.call('EXISTS', ukey(ARGV[1])) == 0 then return refuse('user-not-found', {userId = ARGV[1]}) end
deleteUserOf(ARGV[1])
return '{}'
`);

/** ARGV: mode ('one' | 'batch'), then userId, locationId, json for each location. */
export const ADD_LOCATIONS = script(`
local batch = ARGV[1] == 'batch'
local seen, items = {}, {}
for i = 2, #ARGV, 3 do
  local u, id, at = ARGV[i], ARGV[i + 1], (i - 2) / 3
  if redis.call('EXISTS', ukey(u)) == 0 then
    if not batch then return refuse('user-not-found', {userId = u}) end
    return refuse('batch-user-not-found', {index = at, userId = u})
  end
  local k = u..'\\0'..id
  local twice = seen[k]
  if twice or redis.call('HEXISTS', ukey(u), 'l:'..id) == 1 then
    if not batch then return refuse('location-exists', {userId = u, locationId = id}) end
    return refuse(twice and 'batch-location-twice' or 'batch-location-exists', {index = at, userId = u, locationId = id})
  end
  seen[k] = true
  items[#items + 1] = {u, id, ARGV[i + 2]}
end
put({}, items, {}, nil)
return '{}'
`);

/**
 * Compare-and-set of a location (PUT and PATCH): the caller read `old` and computed `new` from it.
 * ARGV: userId, locationId, old json, new json. Answers {"retry":1} when the location changed meanwhile.
 */
export const SET_LOCATION = script(`
local u, id = ARGV[1], ARGV[2]
if redis.call('EXISTS', ukey(u)) == 0 then return refuse('user-not-found', {userId = u}) end
local current = redis.call('HGET', ukey(u), 'l:'..id)
if not current then return refuse('location-not-found', {userId = u, locationId = id}) end
if current ~= ARGV[3] then return '{"retry":1}' end
index(current, -1)
redis.call('HSET', ukey(u), 'l:'..id, ARGV[4])
index(ARGV[4], 1)
refreshEligibility(u)
return '{}'
`);

/** ARGV: userId, locationId */
export const DELETE_LOCATION = script(`
local u, id = ARGV[1], ARGV[2]
if redis.call('EXISTS', ukey(u)) == 0 then return refuse('user-not-found', {userId = u}) end
if redis.call('HEXISTS', ukey(u), 'l:'..id) == 0 then return refuse('location-not-found', {userId = u, locationId = id}) end
deleteLocationOf(u, id)
refreshEligibility(u)
unlisted(u)
return '{}'
`);

/** ARGV: userId, locationId ('' for a vehicle), resourceId, json */
export const ADD_RESOURCE = script(`
local u, l, id = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', ukey(u)) == 0 then return refuse('user-not-found', {userId = u}) end
if l ~= '' and redis.call('HEXISTS', ukey(u), 'l:'..l) == 0 then return refuse('location-not-found', {userId = u, locationId = l}) end
if redis.call('HEXISTS', RES, id) == 1 then return refuse('resource-exists', {resourceId = id}) end
put({}, {}, {{u, id, ARGV[4]}}, nil)
return '{}'
`);

/** ARGV: resourceId */
export const DELETE_RESOURCE = script(`
local json = redis.call('HGET', RES, ARGV[1])
if not json then return refuse('resource-not-found', {resourceId = ARGV[1]}) end
local u = cjson.decode(json).userId
deleteResourceOf(u, ARGV[1])
unlisted(u)
return '{}'
`);

/** ARGV: userId, enrollment json. Answers the enrollment in force. */
export const ENROLL = script(`
local u = ARGV[1]
if redis.call('EXISTS', ukey(u)) == 0 then return refuse('user-not-found', {userId = u}) end
local existing = redis.call('HGET', ukey(u), 'e')
if existing then return existing end
if not redis.call('ZSCORE', ELIG, u) then
  return refuse('user-not-eligible', {userId = u})
end
redis.call('HSET', ukey(u), 'e', ARGV[2])
listed(u)
return ARGV[2]
`);

/** ARGV: userId */
export const UNENROLL = script(`
if redis.call('EXISTS', ukey(ARGV[1])) == 0 then return refuse('user-not-found', {userId = ARGV[1]}) end
redis.call('HDEL', ukey(ARGV[1]), 'e')
unlisted(ARGV[1])
return '{}'
`);

/**
 * ARGV: the set's tag, its description (json, appended to the client's list), then the counts of users, locations and
 * resources, then userIds, then (userId, locationId, json) per location, then (userId, resourceId, json) per resource.
 * Records carry the tag, so removal later takes only what is still the set's own.
 */
export const ADD_SIMULATED = script(`
local tag = ARGV[1]
local nu, nl, nr = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local users, locations, resources = {}, {}, {}
local i = 6
for _ = 1, nu do users[#users + 1] = ARGV[i]; i = i + 1 end
for _ = 1, nl do locations[#locations + 1] = {ARGV[i], ARGV[i + 1], ARGV[i + 2]}; i = i + 3 end
for _ = 1, nr do resources[#resources + 1] = {ARGV[i], ARGV[i + 1], ARGV[i + 2]}; i = i + 3 end
local seen = {}
for _, u in ipairs(users) do
  if seen[u] or redis.call('EXISTS', ukey(u)) == 1 then return refuse('user-exists', {userId = u}) end
  seen[u] = true
end
local places = {}
for _, l in ipairs(locations) do
  local k = l[1]..'\0'..l[2]
  if places[k] then return refuse('location-exists', {userId = l[1], locationId = l[2]}) end
  places[k] = true
end
local ids = {}
for _, r in ipairs(resources) do
  local at = cjson.decode(r[3]).locationId
  if at ~= cjson.null and not places[r[1]..'\0'..at] then return refuse('location-not-found', {userId = r[1], locationId = at}) end
  if ids[r[2]] or redis.call('HEXISTS', RES, r[2]) == 1 then return refuse('resource-exists', {resourceId = r[2]}) end
  ids[r[2]] = true
end
put(users, locations, resources, tag)
redis.call('RPUSH', SIM, ARGV[2])
return '{}'
`);

/**
 * ARGV: how many sets. Removes what the client's oldest simulated sets made and is still theirs: resources, then bare
 * locations, then bare users; answers how many sets are left (the TypeScript side calls it until none are).
 */
export const REMOVE_SIMULATED = script(`
local sets = redis.call('LPOP', SIM, tonumber(ARGV[1])) or {}
for _, json in ipairs(sets) do
  local set = cjson.decode(json)
  for _, r in ipairs(set.resources) do
    local stored = redis.call('HGET', RES, r)
    if stored and cjson.decode(stored).sim == set.tag then
      local u = cjson.decode(stored).userId
      deleteResourceOf(u, r)
      unlisted(u)
    end
  end
  for _, l in ipairs(set.locations) do
    local u, id = l[1], l[2]
    local stored = redis.call('HGET', ukey(u), 'l:'..id)
    if stored and cjson.decode(stored).sim == set.tag then
      local bare = true
      for _, f in ipairs(redis.call('HKEYS', ukey(u))) do
        if string.sub(f, 1, 2) == 'r:' and cjson.decode(redis.call('HGET', RES, string.sub(f, 3))).locationId == id then bare = false; break end
      end
      if bare then deleteLocationOf(u, id); refreshEligibility(u); unlisted(u) end
    end
  end
  for _, u in ipairs(set.users) do
    if redis.call('HGET', ukey(u), 'sim') == set.tag then
      local bare = true
      for _, f in ipairs(redis.call('HKEYS', ukey(u))) do
        local kind = string.sub(f, 1, 2)
        if kind == 'l:' or kind == 'r:' then bare = false; break end
      end
      if bare then deleteUserOf(u) end
    end
  end
end
return redis.call('LLEN', SIM)
`);

/**
 * ARGV: how many. Deletes that many of the client's users (the oldest) with everything they have, keeping every index
 * right; answers how many users are left. What the TypeScript side loops on before CLEAR, so that forgetting 10,000
 * users is many short scripts instead of one that holds Redis for tens of milliseconds.
 */
export const DELETE_SOME_USERS = script(`
for _, u in ipairs(redis.call('ZRANGE', USERS, 0, tonumber(ARGV[1]) - 1)) do deleteUserOf(u) end
return redis.call('ZCARD', USERS)
`);

/** Forgets everything of the client (UNLINK: Redis frees big values in the background). */
export const CLEAR = script(`
for _, u in ipairs(redis.call('ZRANGE', USERS, 0, -1)) do redis.call('UNLINK', ukey(u)) end
redis.call('UNLINK', USERS, SEQ, RES, LOCIDS, MPE, ELIG, SIM, CAT, CATV, NLOC)
return '{}'
`);

/**
 * What the client's data quotas count: \`[locations, resources]\`. The locations' total is a counter the scripts keep;
 * for data written before it was kept, it is summed from LOCIDS once and kept from then on.
 */
export const DATA_USAGE = script(`
local n = redis.call('GET', NLOC)
if not n then
  n = 0
  for _, c in ipairs(redis.call('HVALS', LOCIDS)) do n = n + tonumber(c) end
  redis.call('SET', NLOC, n)
end
return {tonumber(n), redis.call('HLEN', RES)}
`);

/**
 * Indexes for the catalogue the users of a client whose data predates the index: ARGV: the number of the last user
 * indexed ('0' to begin), how many to index. Answers the number of the last user indexed, or '' once all are (then
 * the client is marked indexed). Users are taken by number, so users added or deleted meanwhile skip none.
 */
export const INDEX_CATALOGUE = script(`
local users = redis.call('ZRANGEBYSCORE', USERS, '('..ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #users, 2 do
  if hasData(users[i]) then listed(users[i]) end
end
if #users < 2 * tonumber(ARGV[2]) then
  redis.call('SET', CATV, '1')
  return ''
end
return users[#users]
`);

/** ARGV: userId. A user's hash and the resources it names, read at one instant: [fields, resource jsons]. */
export const USER_VIEW = `
local key = KEYS[1]..'u:'..ARGV[1]
local fields = redis.call('HGETALL', key)
local ids = {}
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'r:' then ids[#ids + 1] = string.sub(fields[i], 3) end
end
local resources = {}
if #ids > 0 then resources = redis.call('HMGET', KEYS[1]..'res', unpack(ids)) end
return {fields, resources}
`;
