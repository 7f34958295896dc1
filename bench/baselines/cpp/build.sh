#!/usr/bin/env bash
# Builds the C++ OpenCV + ONNX Runtime closed loop (the end-to-end peer) into OUT (default bench/baselines/cpp/build):
# g++ against Debian's libopencv-dev, and ONNX Runtime's headers and library from the NuGet package the runtime
# uses (same version). Rebuilds only when the source or this script changed. Prints the binary's path.
#   usage: bench/baselines/cpp/build.sh [OUT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/build}"
ort_version="$(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*/\1/p' "$here/../../../Directory.Packages.props")"
ort="${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.ml.onnxruntime/$ort_version"
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) echo "build.sh: unsupported $(uname -m)" >&2; exit 1 ;; esac
if [[ ! -f "$ort/build/native/include/onnxruntime_cxx_api.h" || ! -f "$ort/runtimes/$rid/native/libonnxruntime.so" ]]; then
  echo "build.sh: ONNX Runtime $ort_version not in $ort (run a dotnet restore of the solution first)" >&2
  exit 1
fi
if ! pkg-config --exists opencv4; then
  echo "build.sh: libopencv-dev not installed (scripts/bootstrap.sh installs it)" >&2
  exit 1
fi
mkdir -p "$out"
stamp="$(cat "$here/closed_loop.cpp" "$0" | sha256sum | cut -d' ' -f1)-$ort_version"
if [[ ! -x "$out/closed_loop" || "$(cat "$out/.stamp" 2>/dev/null)" != "$stamp" ]]; then
  # libonnxruntime.so sits beside the binary (the rpath finds it), so the run does not depend on the cache's path.
  cp -f "$ort/runtimes/$rid/native/libonnxruntime.so" "$out/"
  ln -sf libonnxruntime.so "$out/libonnxruntime.so.1"
  g++ -O3 -march=native -std=c++17 -o "$out/closed_loop" "$here/closed_loop.cpp" \
    -I"$ort/build/native/include" $(pkg-config --cflags opencv4) \
    -L"$out" -lonnxruntime -Wl,-rpath,'$ORIGIN' $(pkg-config --libs opencv4)
  echo "$stamp" > "$out/.stamp"
fi
echo "$out/closed_loop"
