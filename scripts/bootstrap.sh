#!/usr/bin/env bash
# Installs everything Onboard's build, demo and tests use, idempotently; silent when all is present.
#   Debian packages: native libraries and the independent peers/oracles tests run against.
#   npm tarballs:    listed in scripts/npm-packages.txt, cached outside the repo, checksum-verified.
# Exits non-zero with a clear message when a registry is unreachable.
#   usage: scripts/bootstrap.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

apt_packages=(
  libzmq5            # ZeroMQ, through our LibraryImport binding
  ffmpeg             # video decode/encode for camera playback and clips
  python3-opencv     # preprocessing oracle and benchmark peer (run with /usr/bin/python3)
  python3-numpy
  python3-zmq        # independent ZeroMQ peer in interop tests
  python3-protobuf   # decodes our messages in the Python peers
  protobuf-compiler  # protoc 3.21 generates _pb2.py that Debian's python3-protobuf can import
  libprotobuf-dev    # google/protobuf/*.proto for that protoc (the Foxglove schemas import timestamp.proto)
  lz4                # reference LZ4 frame decoder: checks the lz4 chunks of our MCAP files
  zstd               # reference zstd decoder: checks the zstd chunks
  python3-onnx       # independent checker for the models we generate
  python3-scipy      # linear_sum_assignment: the tracker's assignment oracle and benchmark peer
  libonnx-dev        # onnx.proto, compiled into models/ at build time
  python3-cryptography  # decrypts clip envelopes in the upload tests, following only the envelope's README
  chromium           # headless: renders the HIL report in its test (figures present and decoded)
  libopencv-dev      # C++ OpenCV: the end-to-end baseline pipeline the bench builds from bench/baselines/cpp
)

sudo=""
[[ "$(id -u)" != 0 ]] && sudo="sudo"

# arm64, the vehicle's architecture, runs here under QEMU user-mode emulation (the arm64 parity suite in
# tests/Onboard.Tests/Arm64): QEMU, and the arm64 libraries the self-contained linux-arm64 build loads — libc and
# libstdc++ (the .NET host, ONNX Runtime), libssl (.NET's SHA-256 and ECDSA: model manifests). libzmq is loaded only
# to publish or subscribe, which that suite does not do, so it is not installed for arm64.
if [[ "$(uname -m)" == x86_64 ]]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64   # the missing arm64 packages below make apt-get update run
  fi
  apt_packages+=(qemu-user-static libc6:arm64 libstdc++6:arm64 libssl3:arm64)
fi

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  if ! $sudo apt-get update -qq >/tmp/onboard-apt.log 2>&1; then
    echo "bootstrap: cannot reach the Debian package registry (apt-get update failed); see /tmp/onboard-apt.log" >&2
    exit 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >>/tmp/onboard-apt.log 2>&1; then
    echo "bootstrap: apt-get install ${missing[*]} failed; see /tmp/onboard-apt.log" >&2
    tail -5 /tmp/onboard-apt.log >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null; then
  echo "bootstrap: npm is not installed (Node 20 is expected on this machine)" >&2
  exit 1
fi
arch="$(uname -m)"
case "$arch" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
while read -r name version sha which; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ "$which" == any || "$which" == "$arch" ]]; then
    "$root/scripts/fetch-npm.sh" "$name" "$version" "$sha" >/dev/null
  fi
done < "$root/scripts/npm-packages.txt"

# Node peers the tests start (@mcap/core, @tus/server …), installed from their lock file; `npm ci` runs only
# when the lock changed since the last install (its hash is stamped into node_modules).
peers="$root/tests/Onboard.Tests/Peers/node"
lock_sha="$(sha256sum "$peers/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$peers/node_modules/.onboard-lock-sha" 2>/dev/null)" != "$lock_sha" ]]; then
  if ! (cd "$peers" && npm ci --ignore-scripts --no-audit --no-fund --silent >/tmp/onboard-npm.log 2>&1); then
    echo "bootstrap: npm ci in $peers failed; is the npm registry ($(npm config get registry 2>/dev/null)) reachable? see /tmp/onboard-npm.log" >&2
    tail -5 /tmp/onboard-npm.log >&2
    exit 1
  fi
  echo "$lock_sha" > "$peers/node_modules/.onboard-lock-sha"
fi

# NuGet: restore the solution from the registry here, so a missing package is named now, not mid-build.
if ! dotnet restore "$root/Onboard.sln" --nologo -v quiet >/tmp/onboard-restore.log 2>&1; then
  echo "bootstrap: dotnet restore failed; is the NuGet registry reachable? see /tmp/onboard-restore.log" >&2
  grep -E "error|NU1" /tmp/onboard-restore.log | head -5 >&2
  exit 1
fi
