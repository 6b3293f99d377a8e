#!/usr/bin/env bash
# Installs what Casparian Flow needs on a fresh Debian machine, idempotently:
#   - Debian packages: libzmq5 (ZeroMQ 4.3.4 with CURVE), libsodium23, liblz4-1, libzstd1,
#     and the independent oracles the tests compare against (b3sum, python3-zmq, python3-nacl, libevtx-utils).
#   - libduckdb.so from the npm package @duckdb/node-bindings-linux-x64 at a pinned version, sha256-checked,
#     extracted into .native/ (git-ignored) from where the build copies it next to the assemblies.
# Usage: eng/deps.sh [--runtime-only]   (--runtime-only skips the test oracles)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duckdb_pkg="@duckdb/node-bindings-linux-x64"
duckdb_version="1.5.6-r.1"
duckdb_tgz_sha256="1b9f82478539bb9a1d1df44bd103121a12ae52142c07158dc52b97d2ec1d69ff"
native_dir="$repo/.native"

runtime_only=0
[ "${1:-}" = "--runtime-only" ] && runtime_only=1

say() { printf '[deps] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(libzmq5 libsodium23 liblz4-1 libzstd1)
apt_packages+=(python3-venv)  # python_shim: per-lockfile virtual environments (python3 -m venv, with pip)
if [ "$runtime_only" -eq 0 ]; then
  apt_packages+=(b3sum python3-zmq python3-nacl libevtx-utils lz4 zstd)
  apt_packages+=(postgresql-15)  # initdb, pg_ctl, pgbench: throwaway clusters of the state store tests and the queue bench
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# libduckdb: the official build, shipped inside the npm package; version and checksum pinned above.
stamp="$native_dir/duckdb.version"
if [ ! -f "$native_dir/libduckdb.so" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$duckdb_version" ]; then
  command -v npm >/dev/null || { say "npm is required to fetch libduckdb: apt-get install -y npm"; exit 1; }
  say "fetching libduckdb.so from $duckdb_pkg@$duckdb_version"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$duckdb_pkg@$duckdb_version" >/dev/null 2>"$work/npm.log") \
    || { cat "$work/npm.log" >&2; say "npm pack $duckdb_pkg@$duckdb_version failed"; exit 1; }
  tgz="$(ls "$work"/*.tgz)"
  actual="$(sha256sum "$tgz" | cut -d' ' -f1)"
  if [ "$actual" != "$duckdb_tgz_sha256" ]; then
    say "checksum mismatch for $duckdb_pkg@$duckdb_version: expected $duckdb_tgz_sha256, got $actual"
    exit 1
  fi
  tar -xzf "$tgz" -C "$work" package/libduckdb.so
  mkdir -p "$native_dir"
  mv "$work/package/libduckdb.so" "$native_dir/libduckdb.so.tmp"
  mv "$native_dir/libduckdb.so.tmp" "$native_dir/libduckdb.so"
  printf '%s\n' "$duckdb_version" > "$stamp"
fi

# Node packages used as independent oracles by the tests (apache-arrow), pinned by package-lock.json.
if [ "$runtime_only" -eq 0 ] && [ -f "$repo/tests/interop/package-lock.json" ]; then
  if [ ! -d "$repo/tests/interop/node_modules" ] || [ "$repo/tests/interop/package-lock.json" -nt "$repo/tests/interop/node_modules" ]; then
    say "installing node oracles in tests/interop"
    (cd "$repo/tests/interop" && npm ci --silent --no-audit --no-fund >/dev/null)
    touch "$repo/tests/interop/node_modules"
  fi
fi
say "ok"
