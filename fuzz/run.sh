#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 20), failing on any crash.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(token_header jwks claims verify differential)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  seeds=()
  [ -d "seeds/$target" ] && seeds=("seeds/$target")
  echo "==> fuzz $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -dict=jwt.dict -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 2>&1 | tail -n 25
done
