#!/usr/bin/env bash
# The device kernels on a machine with an NVIDIA GPU, unattended, in under 5 minutes:
#   1. the CUDA tests of the suite (every [CudaFact]; here a skip is a failure: ONBOARD_REQUIRE_CUDA=1);
#   2. Onboard.Bench --device-check: host vs CUDA parity on full-size frames and heads (bit-identical), the device
#      kernels behind the engine with ONNX Runtime's CUDA provider, then TensorRT, the CUDA context mode chosen (and,
#      where it is peer-copy, the copy into the primary context and back, bit-checked), whether the engine's input
#      and output were bound on the device (a host-bound engine on CUDA fails), and one table of timings and managed
#      bytes per frame (device preprocessing, decode + NMS, end to end; a device row that allocates fails) beside the
#      host kernels.
# Where there is no NVIDIA GPU it fails at once, saying what is missing (the CPU-only checks are the test suite).
#   usage: scripts/gpu-check.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "gpu-check: FAILED: $*" >&2; exit 1; }

command -v nvidia-smi >/dev/null 2>&1 \
  || fail "no NVIDIA GPU here: nvidia-smi is not installed (this check needs an NVIDIA GPU, its driver and CUDA 13; nothing was run)"
gpus="$(nvidia-smi -L 2>&1)" || fail "no NVIDIA GPU here: nvidia-smi -L says: ${gpus}"
grep -q '^GPU ' <<<"$gpus" || fail "no NVIDIA GPU here: nvidia-smi -L lists none (${gpus})"
echo "gpu-check: ${gpus%%$'\n'*}"

cd "$root"
started=$SECONDS
timeout 150 dotnet build Onboard.sln -c Release -v quiet -clp:NoSummary || fail "the build failed"
ONBOARD_REQUIRE_CUDA=1 timeout 90 dotnet test tests/Onboard.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Cuda_" --logger "console;verbosity=normal" || fail "the CUDA tests failed (see above)"
timeout 90 dotnet bench/Onboard.Bench/bin/Release/net10.0/Onboard.Bench.dll --device-check || fail "device-check failed (see above)"
echo "gpu-check: ok in $((SECONDS - started)) s"
