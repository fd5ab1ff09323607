-- wrk script of scripts/bench-http.sh's pushing client: each request is a sync push of 100 new saved
-- articles with fresh ids. The bearer token comes from BENCH_TOKEN.
local token = os.getenv("BENCH_TOKEN")
math.randomseed(os.time())

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", c == "x" and math.random(0, 15) or math.random(8, 11))
  end))
end

request = function()
  local hlc = string.format("%016d-0000000000-bench-push", os.time() * 1000)
  local parts = {}
  for i = 1, 100 do
    local record = uuid()
    parts[i] = '{"id":"' .. uuid() .. '","entity":"savedArticle","recordId":"' .. record .. '","op":"create",'
      .. '"hlc":"' .. hlc .. '","fields":{"url":{"value":"https://example.com/' .. record .. '"},"title":{"value":"T"}}}'
  end
  local body = '{"clientId":"bench-push","mutations":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/v1/sync/push",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
