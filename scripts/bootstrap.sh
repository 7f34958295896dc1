#!/usr/bin/env bash
# Installs everything Onboard's build, demo and tests use, idempotently; silent when all is present.
#   Debian packages: native libraries and the independent peers/oracles tests run against.
#   npm tarballs:    listed in scripts/npm-packages.txt, cached outside the repo, checksum-verified.
# Exits non-zero with a clear message when a registry is unreachable.
#   usage: scripts/bootstrap.sh [--gpu]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
want_gpu=0
[[ "${1:-}" == "--gpu" || "${ONBOARD_GPU:-0}" == "1" ]] && want_gpu=1

apt_packages=(
  libzmq5            # ZeroMQ, through our LibraryImport binding
  ffmpeg             # video decode/encode for camera playback and clips
  python3-opencv     # preprocessing oracle and benchmark peer (run with /usr/bin/python3)
  python3-numpy
  python3-zmq        # independent ZeroMQ peer in interop tests
  python3-protobuf   # decodes our messages in the Python peers
  protobuf-compiler  # protoc 3.21 generates _pb2.py that Debian's python3-protobuf can import
  python3-onnx       # independent checker for the models we generate
  libonnx-dev        # onnx.proto, compiled into models/ at build time
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
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
  if [[ "$which" == any || "$which" == "$arch" || ("$which" == gpu && $want_gpu == 1) ]]; then
    "$root/scripts/fetch-npm.sh" "$name" "$version" "$sha" >/dev/null
  fi
done < "$root/scripts/npm-packages.txt"
