# Warden's build. `make test` is what CI runs (.ci/run).
GO ?= go

.PHONY: all build test test-root test-bench bench fuzz fmt vet

all: build

build:
	$(GO) build ./...

# The root module: vet, then every test with the race detector (fuzz targets run over their
# seed corpus in testdata/). Then the benchmark module's own tests.
test: test-root test-bench

test-root:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

test-bench:
	cd bench && $(GO) vet ./... && $(GO) test -race -count=1 ./...

# Durable commit throughput and recovery speed against bbolt, SQLite and a raw fdatasync loop.
# BENCHFLAGS=-quick finishes in under 40 seconds; BENCHFLAGS=-json prints one JSON object.
bench:
	cd bench && $(GO) run ./recovery $(BENCHFLAGS)

# Fuzz one target for a while, e.g. `make fuzz FUZZ=FuzzDecodeRecord FUZZTIME=60s`.
FUZZ ?= FuzzDecodeRecord
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./recovery -run '^$$' -fuzz '^$(FUZZ)$$' -fuzztime $(FUZZTIME)

fmt:
	gofmt -w $$(git ls-files '*.go')

vet:
	$(GO) vet ./...
	cd bench && $(GO) vet ./...
