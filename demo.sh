#!/usr/bin/env bash
# The main job on the embedded default. Installs what is missing, builds the `casparian` command, checks the machine
# (libzmq with CURVE, DuckDB, libsodium) and ingests the demo corpus in fixtures/demo with `casparian run` (the syslog
# files go through the Python plugin bundle fixtures/plugins/syslog once it exists).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"
eng/deps.sh --runtime-only
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build cli/Casparian.Cli.csproj -c Release -nologo -v q -clp:NoSummary >/dev/null
casparian="$repo/cli/bin/Release/net10.0/casparian"
echo "== casparian doctor"
"$casparian" doctor
# The main job: scan the demo corpus, run the missing jobs on a Sentinel and workers in this process, print the tables.
# State and outputs live in .casparian/ under the current folder; a second run says everything is up to date.
plugins=()
if [[ -f fixtures/plugins/syslog/casparian.toml ]]; then
  plugins=(--plugin fixtures/plugins/syslog)
fi
echo "== casparian run fixtures/demo ${plugins[*]}"
"$casparian" run fixtures/demo "${plugins[@]}"
