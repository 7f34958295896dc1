# The two commands: `make demo` and `make test`. Each bootstraps what it needs first (idempotent, quiet).
CONFIG ?= Release
DOTNET ?= dotnet
ONBOARD := runtime/Onboard/bin/$(CONFIG)/net10.0/onboard.dll
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: demo test bench bench-quick deps build clean

demo: build
	$(DOTNET) $(ONBOARD) demo

# Failures are printed again at the very end (from the .trx), so a log that keeps only its tail still names them.
TEST_RESULTS := $(CURDIR)/obj/test-results.trx
test: deps
	$(DOTNET) test Onboard.sln -c $(CONFIG) --nologo -v quiet --logger "console;verbosity=normal" \
		--logger "trx;LogFileName=$(TEST_RESULTS)" || { scripts/test-failures.py $(TEST_RESULTS); exit 1; }

# Benchmarks: `make bench` runs every suite with its peers at both vector widths and writes bench/results/latest.md
# (and the README's performance region), guarding the ratios against the committed results; `make bench-quick` is
# the same with short runs. One BenchmarkDotNet suite, as before: make bench ARGS="--filter *Preprocess*"
bench: deps
	$(DOTNET) run -c Release --project bench/Onboard.Bench -- $(or $(ARGS),--report)

bench-quick: deps
	$(DOTNET) run -c Release --project bench/Onboard.Bench -- --report --quick $(ARGS)

deps:
	@scripts/bootstrap.sh

build: deps
	$(DOTNET) build Onboard.sln -c $(CONFIG) --nologo -v quiet -clp:NoSummary

clean:
	$(DOTNET) clean Onboard.sln -c $(CONFIG) --nologo -v quiet
