#!/usr/bin/env bash
# Soak test: runs the trainer, estimator, proposal-runner and CLI pipeline tests ROUNDS times in a row (default 5) while one busy loop per
# core keeps the CPU saturated, to shake out failures that only show under load (timing, thread contention, NaNs).
# Usage, from anywhere: build/soak.sh [ROUNDS]. Builds Release first when the test assembly is missing.
# Exits non-zero when any round failed.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rounds="${1:-5}"
filter="FullyQualifiedName~FgClep.Tests.Training.ClepTrainerTests|FullyQualifiedName~FgClep.Tests.MLNet.FgClepEstimatorTests|FullyQualifiedName~FgClep.Tests.Enrichment.ProposerRunnerTests|FullyQualifiedName~FgClep.Tests.Cli.CliProcessTests"
project=tests/FgClep.Tests
results="$(pwd)/TestResults/soak"

if [ ! -f "$project/bin/Release/net10.0/FgClep.Tests.dll" ]; then
  dotnet build FgClep.sln -c Release
fi

busy=()
stop_busy() {
  for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${busy[@]}"; do wait "$pid" 2>/dev/null || true; done
  busy=()
}
trap stop_busy EXIT
trap 'exit 130' INT TERM

cores=$(nproc)
for _ in $(seq "$cores"); do
  ( while :; do :; done ) &
  busy+=("$!")
done
echo "soak: $rounds rounds, $cores busy loops, filter: $filter"

rm -rf "$results"
failed_rounds=0
for round in $(seq "$rounds"); do
  log="$results/round-$round.log"
  mkdir -p "$results"
  start=$SECONDS
  if dotnet test "$project" -c Release --no-build --filter "$filter" \
       --logger "trx;LogFileName=round-$round.trx" --results-directory "$results" >"$log" 2>&1; then
    status=pass
  else
    status=FAIL; failed_rounds=$((failed_rounds + 1))
  fi
  counts=$(grep -o '<Counters [^>]*>' "$results/round-$round.trx" 2>/dev/null | head -n 1 |
           sed -n 's/.* total="\([0-9]*\)".* passed="\([0-9]*\)".* failed="\([0-9]*\)".*/\2\/\1 passed, \3 failed/p')
  echo "round $round/$rounds: $status (${counts:-no results}) in $((SECONDS - start)) s, load $(cut -d' ' -f1 /proc/loadavg)"
  if [ "$status" = FAIL ]; then
    # The failing tests and their messages, as the test run printed them.
    grep -E '^\s*(failed|Failed) |Assert\.|Exception' "$log" | head -n 40 | sed 's/^/    /' || true
    echo "    full log: $log"
  fi
done

echo "soak: $((rounds - failed_rounds))/$rounds rounds passed"
[ "$failed_rounds" -eq 0 ]
