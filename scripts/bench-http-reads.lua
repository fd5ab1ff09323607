-- wrk script of scripts/bench-http.sh's mixed run: requests alternate between a post and the post list
-- (BENCH_POST_PATH and /v1/posts).
local post = os.getenv("BENCH_POST_PATH")
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", n % 2 == 0 and post or "/v1/posts")
end
