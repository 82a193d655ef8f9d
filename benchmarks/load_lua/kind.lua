-- One kind of request of benchmarks/load_mixed.py and faults.py (see common.lua).
package.path = debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
request = common.request_fn(common.load())
setup = common.setup
response = common.response
done = common.done
local pause = tonumber(os.getenv("LOAD_PAUSE_MS") or "0")
if pause > 0 then
  delay = function() return pause end
end
