#!/usr/bin/env bash
# The main job on the embedded default. Installs what is missing, builds the `casparian` command and runs what exists
# of the pipeline today on the demo corpus in fixtures/demo: the machine check (libzmq with CURVE, DuckDB, libsodium)
# and the source hashes (BLAKE3) that version every file. `casparian run DIR` replaces this with the full ingest
# (scan, unified Sentinel and workers, tables) when the end-to-end issue lands.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"
eng/deps.sh --runtime-only
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build cli/Casparian.Cli.csproj -c Release -nologo -v q -clp:NoSummary >/dev/null
casparian="$repo/cli/bin/Release/net10.0/casparian"
echo "== casparian doctor"
"$casparian" doctor
echo "== source hashes of the demo corpus (casparian hash, b3sum format)"
find fixtures/demo -type f ! -name README.md -print0 | sort -z | xargs -0 "$casparian" hash
