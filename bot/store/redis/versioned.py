"""A Lua fragment the Redis store's save scripts share."""

from __future__ import annotations

from typing import Final

# The versioned write of a JSON record at key `k` (ARGV[3] the new version, ARGV[4] the JSON):
# refused unless the stored version is version - 1 (0 = new). Shared by the scripts that save
# incidents and maintenance windows, each of which sets `p` and `k` first.
VERSIONED_SET: Final = r"""
local raw = redis.call('GET', k)
local stored = 0
if raw then
  stored = tonumber(cjson.decode(raw).version) or 0
end
if stored ~= tonumber(ARGV[3]) - 1 then
  return {'conflict', tostring(stored)}
end
redis.call('SET', k, ARGV[4])
"""
