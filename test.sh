#!/usr/bin/env bash
# The test command: installs what is missing (eng/deps.sh), builds, and runs every test project.
# Its last line is the total: "Tests: N passed, N failed, N skipped".
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo"
eng/deps.sh || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log="$(mktemp)"
dotnet build Casparian.sln -c Release -nologo -v q -clp:NoSummary 2>&1 | tee "$log" | grep -E 'error|warn' ; build_rc=${PIPESTATUS[0]}
if [ "$build_rc" -ne 0 ]; then echo "build failed"; echo "Tests: 0 passed, 1 failed"; exit 1; fi
dotnet test Casparian.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Sum the per-assembly result lines ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12").
totals="$(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | sed -E 's/.*Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d %d %d", p, f, s}')"
read -r passed failed skipped <<<"${totals:-0 0 0}"
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$rc"
