#!/usr/bin/env bash
# The main job on the embedded default: installs what is missing, builds the `casparian` command and runs it.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"
eng/deps.sh --runtime-only
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build cli/Casparian.Cli.csproj -c Release -nologo -v q -clp:NoSummary >/dev/null
casparian="$repo/cli/bin/Release/net10.0/casparian"
"$casparian" doctor
