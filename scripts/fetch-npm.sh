#!/usr/bin/env bash
# Fetches one npm package tarball with `npm pack` (no install scripts run), verifies its SHA-256 and
# extracts it once into the cache outside the repo. Prints the extracted `package/` directory.
# Safe to run concurrently: extraction happens in a temporary directory that is renamed into place.
#   usage: fetch-npm.sh NAME VERSION SHA256
set -euo pipefail
name="$1"; version="$2"; sha="$3"
cache="${ONBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/onboard}/npm"
dir="$cache/${name//\//+}-$version"
if [[ -f "$dir/.verified" ]]; then echo "$dir/package"; exit 0; fi

mkdir -p "$cache"
tmp="$(mktemp -d "$cache/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent --ignore-scripts "$name@$version" >/dev/null 2>"$tmp/npm.err"); then
  echo "fetch-npm: 'npm pack $name@$version' failed; is the npm registry ($(npm config get registry 2>/dev/null)) reachable?" >&2
  sed 's/^/  npm: /' "$tmp/npm.err" | tail -5 >&2
  exit 1
fi
tarball="$(ls "$tmp"/*.tgz)"
actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [[ "$actual" != "$sha" ]]; then
  echo "fetch-npm: checksum mismatch for $name@$version: expected $sha, got $actual" >&2
  exit 1
fi
mkdir "$tmp/x"
tar -xzf "$tarball" -C "$tmp/x"
touch "$tmp/x/.verified"
# Another process may have won the race; either copy is the same verified content.
mv -T "$tmp/x" "$dir" 2>/dev/null || true
echo "$dir/package"
