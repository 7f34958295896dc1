# The two commands: `make demo` and `make test`. Each bootstraps what it needs first (idempotent, quiet).
CONFIG ?= Release
DOTNET ?= dotnet
ONBOARD := runtime/Onboard/bin/$(CONFIG)/net10.0/onboard.dll
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: demo test bench deps build clean

demo: build
	$(DOTNET) $(ONBOARD) demo

test: deps
	$(DOTNET) test Onboard.sln -c $(CONFIG) --nologo -v quiet --logger "console;verbosity=normal"

# Benchmarks: make bench ARGS="--filter *Preprocess*"
bench: deps
	$(DOTNET) run -c Release --project bench/Onboard.Bench -- $(ARGS)

deps:
	@scripts/bootstrap.sh

build: deps
	$(DOTNET) build Onboard.sln -c $(CONFIG) --nologo -v quiet -clp:NoSummary

clean:
	$(DOTNET) clean Onboard.sln -c $(CONFIG) --nologo -v quiet
