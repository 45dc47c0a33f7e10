// The Redis store's Lua scripts: steps that must happen as one, which Redis runs without
// interleaving any other client's commands.

/** A reminder key's values: claimed (with a TTL) while one instance sends it, then sent for good. */
export const CLAIMED = 'claimed';
export const SENT = 'sent';

/** A delivery key's values: leased (with a short TTL) while it is handled, then done (longer TTL). */
export const LEASED = 'leased';
export const DONE = 'done';

// Takes a delivery's lease unless it is done or someone else's lease is live, in one step, so two
// redeliveries arriving together cannot both start. KEYS[1] the delivery key; ARGV[1] lease ms.
export const BEGIN_DELIVERY = `
local v = redis.call('GET', KEYS[1])
if v == '${DONE}' then return 'done' end
if v then return 'busy' end
redis.call('SET', KEYS[1], '${LEASED}', 'PX', ARGV[1])
return 'started'`;

// An abandon must never undo a done mark.
export const ABANDON_DELIVERY = `
if redis.call('GET', KEYS[1]) == '${LEASED}' then return redis.call('DEL', KEYS[1]) end
return 0`;

// Deletes the subscriptions and, when none are left, the conversation from the subscriber set, in one
// step, so a subscription added at the same moment cannot be left out of the set.
// KEYS: the conversation's subscriptions hash, the subscriber set; ARGV: target key ('' for all),
// conversation id.
export const REMOVE_SUBSCRIPTIONS = `
local n
if ARGV[1] == '' then
  n = redis.call('HLEN', KEYS[1])
  redis.call('DEL', KEYS[1])
else
  n = redis.call('HDEL', KEYS[1], ARGV[1])
end
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return n`;

// A release must never undo a sent mark.
export const RELEASE_CLAIM = `
if redis.call('GET', KEYS[1]) == '${CLAIMED}' then return redis.call('DEL', KEYS[1]) end
return 0`;

// One step, so two appends of the same key cannot both miss each other, and the key's TTL only
// ever grows (an item appended with a shorter TTL must not cut short an older one).
// KEYS[1] the stream; ARGV: message key, message JSON, expiresAt, now (ms), ttl (ms), max items.
export const APPEND_INBOX = `
local now = tonumber(ARGV[4])
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local fields, key, exp = entry[2], nil, nil
  for i = 1, #fields, 2 do
    if fields[i] == 'key' then key = fields[i + 1] elseif fields[i] == 'exp' then exp = tonumber(fields[i + 1]) end
  end
  if key == ARGV[1] and exp and exp > now then return entry[1] end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[6], '*', 'key', ARGV[1], 'message', ARGV[2], 'exp', ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return id`;
