#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 20), failing on any crash.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(token_header jwks claims verify differential rsa_differential ec_point_differential alb)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  seeds=()
  [ -d "seeds/$target" ] && seeds=("seeds/$target")
  echo "==> fuzz $target for ${seconds}s"
  log="$(mktemp)"
  set +e
  cargo +nightly fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -dict=jwt.dict -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  grep -E "DONE|stat::number_of_executed_units|stat::average_exec_per_sec" "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz target $target failed (exit $status); failing inputs in fuzz/artifacts/$target" >&2
    exit 1
  fi
  rm -f "$log"
done
