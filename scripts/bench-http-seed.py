#!/usr/bin/env python3
"""Seeds a demo server for scripts/bench-http.sh: more published posts (so the list pages through) and
queued comments on one post (through the sync API, which has no per-client comment rate limit).
Prints the bench post's slug and id, and a demo author's bearer token, on one line."""
import http.client
import json
import sys
import time
import uuid

host, port = sys.argv[1], int(sys.argv[2])
posts, comments = int(sys.argv[3]), int(sys.argv[4])
connection = http.client.HTTPConnection(host, port)


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        sys.exit(f"bench-http-seed: {method} {path} answered {response.status}: {data[:300]!r}")
    return json.loads(data) if data else None


token = call("POST", "/v1/tokens", {"username": "grace", "password": "satchel-demo"})["token"]
paragraph = "A paragraph of a benchmark post, long enough to look like writing. " * 6
for n in range(posts):
    call("POST", "/v1/posts", {"title": f"Benchmark post {n + 1}", "body": "\n\n".join([paragraph] * 4),
                               "tags": ["bench"], "status": "published"}, token)
post = call("GET", "/v1/posts/why-offline-first")
hlc = f"{int(time.time() * 1000):016d}-0000000000-bench-seed"
for start in range(0, comments, 100):
    mutations = [{
        "id": str(uuid.uuid4()), "entity": "comment", "recordId": str(uuid.uuid4()), "op": "create", "hlc": hlc,
        "fields": {"postId": {"value": post["id"]}, "body": {"value": f"Benchmark comment number {n + 1}."}},
    } for n in range(start, min(start + 100, comments))]
    results = call("POST", "/v1/sync/push", {"clientId": "bench-seed", "mutations": mutations}, token)["results"]
    refused = [r for r in results if r["status"] != "applied"]
    if refused:
        sys.exit(f"bench-http-seed: a queued comment was not applied: {refused[0]}")
print(post["slug"], post["id"], token)
