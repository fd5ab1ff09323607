# Satchel: the two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test build deps clean-data bench bench-client bench-follow fuzz schemathesis bench-http browser-tests bench-live sim bench-metrics bench-json bench-blobs bench-capture bench-capture-sync bench-import bench-anchor compare-parsers bench-media

SWIFT ?= swift
## How many tests Swift Testing runs at once. Uncapped, it starts all of them together: hundreds of live
## servers on two cores, whose requests then waited past the test client's 20 s timeout.
TEST_WIDTH ?= 16

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Serve the blog and the API on http://127.0.0.1:8080 from satchel.sqlite, with demo content.
run: deps
	$(SWIFT) build --product satchel-server
	$$($(SWIFT) build --show-bin-path)/satchel-server --demo

## Build and run every test suite (and the layer check: no target imports a higher layer than
## docs/ARCHITECTURE.md allows, no folder uses a higher one, by name and by the compiler's index of the build);
## the PostgreSQL suites get a throwaway PostgreSQL 15 cluster.
test: deps
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) python3 scripts/check-layers.py --index-store "$$($(SWIFT) build --show-bin-path)/index/store"
	python3 -m unittest Tests/Layers/test_check_layers.py
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(TEST_WIDTH) \
	WITH_POSTGRES_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		scripts/with-postgres.sh $(SWIFT) test --skip-build
	scripts/fuzz-json.sh $(FUZZ_SECONDS)
	scripts/fuzz-capture.sh $(FUZZ_SECONDS)
	SATCHEL_BIN_DIR=$$($(SWIFT) build --show-bin-path) scripts/schemathesis.sh
	scripts/browser-tests.sh

## Fuzz the JSON parser and the sync wire decoders, then article capture (parse, extract, sanitize), with
## libFuzzer (FUZZ_SECONDS each, 60 by default; `make test` runs 60, `make fuzz FUZZ_SECONDS=600` longer).
FUZZ_SECONDS ?= 60
fuzz: deps
	scripts/fuzz-json.sh $(FUZZ_SECONDS)
	scripts/fuzz-capture.sh $(FUZZ_SECONDS)

## schemathesis (pinned, from PyPI) with every check against a fresh demo server; more cases with
## `make schemathesis SCHEMATHESIS_MAX_EXAMPLES=300`.
schemathesis: deps
	$(SWIFT) build --product satchel-server
	SATCHEL_BIN_DIR=$$($(SWIFT) build --show-bin-path) scripts/schemathesis.sh

## The blog in headless Chromium (Selenium): installs chromium, chromium-driver and the pinned Python
## packages when missing; screenshots go to browser-artifacts/.
browser-tests: deps
	scripts/browser-tests.sh

clean-data:
	rm -f satchel.sqlite satchel.sqlite-wal satchel.sqlite-shm

## Release-build benchmark: 100,000 sync mutations pushed over HTTP in batches of 500 from 4 connections
## (one reader each) and pulled back, on SQLite and on a throwaway PostgreSQL cluster, figures side by side.
bench: deps
	$(SWIFT) build -c release --product satchel-bench
	scripts/with-postgres.sh $$($(SWIFT) build -c release --show-bin-path)/satchel-bench 100000 500 4

## Release-build client benchmark: initial sync of 100,000 records into an empty client store (time, peak
## memory) and one-change incremental syncs (client and server time, bytes on the wire), at 100,000 and 10,000.
bench-client: deps
	$(SWIFT) build -c release --product satchel-client-bench
	$$($(SWIFT) build -c release --show-bin-path)/satchel-client-bench 100000 10000

## Release-build JSON benchmark: the hand-written codec against Foundation's JSONDecoder, JSONEncoder and
## JSONSerialization on the same bytes (a push of 500 mutations and its answer, a pull page of 1,000 records, one
## post, one stored record, one cursor); median of 7 interleaved runs of at least 250 ms per row, checked equal first.
bench-json: deps
	$(SWIFT) build -c release --product satchel-json-bench
	$$($(SWIFT) build -c release --show-bin-path)/satchel-json-bench 7 250

## Release-build HTTP benchmark of the public read path (wrk, installed when missing): requests/s, p99 and the
## ratio to /health of a post, the post list, a post's comments, the front page and a post page, in one run;
## then reads from 48 connections while one client pushes batches of 100, each side next to its solo rate.
## SATCHEL_SERVER_BIN=path measures a given server binary instead of building one. SQLite first, then the same on
## a throwaway PostgreSQL cluster (target there: a post read at least 0.7 of /health).
bench-http: deps
	scripts/bench-http.sh
	SATCHEL_SERVER_BIN=$$($(SWIFT) build -c release --show-bin-path)/satchel-server BENCH_HTTP_STORE=postgres \
		scripts/with-postgres.sh scripts/bench-http.sh

## Release-build live-sync benchmark: write-on-A-to-visible-on-B latency (p50, p99) over 1,000 writes on SQLite
## and on PostgreSQL (A and B on two server processes, a throwaway cluster), server RSS with 2,000 waiting long-polls,
## and server RSS at rest, during and a minute after a storm of 10,000 event streams, without and with MemoryTrim
## (needs an open-file limit above 10,000: ulimit -n 20000; `satchel-live-bench storm 10000` runs the storm alone).
bench-live: deps
	$(SWIFT) build -c release --product satchel-live-bench
	scripts/with-postgres.sh $$($(SWIFT) build -c release --show-bin-path)/satchel-live-bench 1000 2000 10000

## Release-build simulation search (swift test -c release keeps testable imports): SEEDS seeds of every world
## (or WORLDS=standard,skew,...), split into seed ranges over several test processes (scripts/sim.sh; cores + 1
## processes, SATCHEL_SIM_PROCESSES to change). Prints each world's counts, seeds/s, and the first failing seed
## with the command that replays it and its shrunk list of steps. Runs inside a throwaway PostgreSQL cluster,
## for the pgpair world (two server processes over one PostgreSQL database). FIRST=N starts at seed N, so that
## a search longer than one sitting can run in pieces (SEEDS=2500 FIRST=2501 runs seeds 2501–5000).
SEEDS ?= 1000
FIRST ?= 1
WORLDS ?=
sim: deps
	WITH_POSTGRES_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		SATCHEL_SIM_SEEDS=$(SEEDS) SATCHEL_SIM_FIRST_SEED=$(FIRST) SATCHEL_SIM_WORLDS=$(WORLDS) SWIFT=$(SWIFT) \
		scripts/with-postgres.sh scripts/sim.sh

## Release-build benchmark of the cost of metrics and request logs: GET /health and a post read under wrk
## (installed with apt-get when missing), with metrics off, on, and on with request logs, in one run.
bench-metrics: deps
	SWIFT=$(SWIFT) scripts/bench-metrics.sh

## Release-build blob benchmark (loopback): one 256 MiB blob and 10,000 of 20 KiB uploaded and downloaded through
## satchel-server and the client library, next to nginx and curl moving the same files; MB/s, blobs/s, RSS growth.
bench-blobs: deps
	scripts/bench-blobs.sh

## Release-build article-extraction benchmark on the capture corpus (CORPUS=../shared/capture-corpus): F1 beside the
## anchors, metadata agreement, pages per CPU-second, p50/p99 and peak RSS next to trafilatura (pinned, in a virtualenv
## under .build) on the same pages, and a 1 MB / 10 MB linearity check. ROUNDS=3 timed passes by default.
CORPUS ?= ../shared/capture-corpus
bench-capture: deps
	scripts/bench-capture.sh $(CORPUS)

## Satchel's HTML parser against Gumbo on the capture corpus: the same tree on every page, and the parse times.
compare-parsers: deps
	scripts/compare-parsers.sh $(CORPUS)

## Release-build capture and sync of the 157 corpus pages served from loopback with their images (CORPUS=...):
## pages per second one and four at a time, a second machine's first sync, bytes on the wire, peak RSS.
bench-capture-sync: deps
	scripts/bench-capture-sync.sh $(CORPUS)

## Release-build import of 10,000 Pocket CSV rows into an empty profile, pushed to a loopback server: time,
## peak RSS and mutations per second; then the same import again.
bench-import: deps
	scripts/bench-import.sh

## Highlights placed again after realistic edits of the capture corpus's pages (release): placed correctly,
## orphaned, misplaced (target 0). `make bench-anchor CORPUS=../shared/capture-corpus [SEED=n]`.
bench-anchor: deps
	scripts/bench-anchor.sh $(CORPUS)

## Release-build follow benchmark: one reader follows 1,000 feeds served from loopback; each round 10% of them publish
## an entry and every feed is due. Prints each poll round's time, CPU, requests and items delivered (captured) per second.
FOLLOW_FEEDS ?= 1000
FOLLOW_ROUNDS ?= 5
bench-follow: deps
	$(SWIFT) build -c release --product satchel-follow-bench
	$$($(SWIFT) build -c release --show-bin-path)/satchel-follow-bench $(FOLLOW_FEEDS) $(FOLLOW_ROUNDS)

## Release-build image benchmark: every variant (320–1920 px, WebP and JPEG) of 20 photographs of 12 megapixels,
## variants per second and peak RSS, next to vipsthumbnail (libvips-tools, installed when missing) making the same
## files in the same run (target: at least 0.8x its speed); then the latency from an upload to its last variant.
bench-media: deps
	scripts/bench-media.sh
