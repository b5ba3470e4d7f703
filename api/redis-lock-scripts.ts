// The lock's three steps, each one Lua script so that Redis runs it atomically: no other client's
// command can come between the check and the change.

// KEYS: lock, fence. ARGV: ttl ms, fence ttl ms. Returns {fence, 0} when taken, {0, pttl} when held.
export const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('PTTL', KEYS[1])} end
local fence = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
return {fence, 0}`;
// KEYS: lock. ARGV: fence, ttl ms. 1 when still ours (and renewed), 0 when lost.
export const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
// KEYS: lock, journal. ARGV: fence, change set ('' for none), journal ttl, cap, channel, user key.
export const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
if ARGV[2] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[4]) - 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1`;
