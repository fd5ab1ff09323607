#!/usr/bin/env python3
"""trafilatura on the same pages as satchel-capture-bench, timed the same way (CPU time of this process,
one page at a time): pages per CPU-second, p50/p99 per page (pages under 1 MB), peak RSS; writes
{key: {"articleBody": text}} for score-f1.py.
usage: bench-capture-trafilatura.py PAGES_DIR GROUND_TRUTH.json OUT.json [ROUNDS]"""
import json, os, resource, sys, time
import trafilatura

pages_dir, truth_path, out_path = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
truth = json.load(open(truth_path))
pages = [(key, open(os.path.join(pages_dir, key + ".html"), "rb").read(), truth[key].get("url")) for key in sorted(truth)]
output, times, total = {}, [], 0.0
for round_ in range(rounds):
    for key, data, url in pages:
        start = time.process_time()
        text = trafilatura.extract(data, url=url, include_comments=False) or ""
        elapsed = time.process_time() - start
        total += elapsed
        if len(data) < 1 << 20:
            times.append(elapsed)
        if round_ == 0:
            output[key] = {"articleBody": text}
json.dump(output, open(out_path, "w"))
times.sort()
pct = lambda p: times[min(len(times) - 1, int(-(-p * (len(times) - 1) // 1)))] if times else 0
mb = sum(len(d) for _, d, _ in pages) / 1048576
print(f"trafilatura: {len(pages)} pages ({mb:.1f} MB) x {rounds} rounds, one core: {len(pages) * rounds / total:.1f} pages/CPU-s, {mb * rounds / total:.1f} MB/CPU-s")
print(f"trafilatura: CPU time per page (pages < 1 MB): p50 {pct(0.5) * 1000:.2f} ms, p99 {pct(0.99) * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms; "
      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")
