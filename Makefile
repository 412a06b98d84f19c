# Warden's build. `make test` is what CI runs (.ci/run).
GO ?= go

.PHONY: all build test test-root test-bench bench fuzz fmt vet proto proto-check proto-tools

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

# Protocol buffers. The .proto files live under api/ (package names versioned, e.g.
# warden.txn.v1); the generated Go code is committed next to them. protoc is Debian's
# protobuf-compiler (3.21.12); the Go plugins are pinned here and installed into .bin/.
PROTOC_GEN_GO_VERSION      := v1.36.12
PROTOC_GEN_GO_GRPC_VERSION := v1.6.2
PROTO_FILES = $(shell find api -name '*.proto' 2>/dev/null | sort)

proto-tools:
	@command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }
	GOBIN=$(CURDIR)/.bin $(GO) install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	GOBIN=$(CURDIR)/.bin $(GO) install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)

proto: proto-tools
	@if [ -n "$(PROTO_FILES)" ]; then \
	  protoc -I api \
	    --plugin=protoc-gen-go=$(CURDIR)/.bin/protoc-gen-go \
	    --plugin=protoc-gen-go-grpc=$(CURDIR)/.bin/protoc-gen-go-grpc \
	    --go_out=api --go_opt=paths=source_relative \
	    --go-grpc_out=api --go-grpc_opt=paths=source_relative \
	    $(PROTO_FILES); \
	fi

# Fails when the committed generated code is not what `make proto` produces.
proto-check: proto
	@git diff --exit-code -- api || { echo "generated code under api/ is stale: run make proto and commit" >&2; exit 1; }
	@untracked=$$(git ls-files --others --exclude-standard -- api); \
	  if [ -n "$$untracked" ]; then echo "make proto generated files that are not committed: $$untracked" >&2; exit 1; fi
