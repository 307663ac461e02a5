#!/usr/bin/env bash
# Builds the JavaScript packages of edgejwt-wasm:
#   pkg/node  CommonJS for Node (require("./wasm-adapter/pkg/node"))
#   pkg/web   ES module for browsers, Cloudflare Workers and Deno
# Installs the wasm-bindgen CLI at the crate's pinned version when missing, and shrinks
# the .wasm with wasm-opt (npm binaryen) when it installs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

version=$(grep -E '^wasm-bindgen = "=' wasm-adapter/Cargo.toml | sed -E 's/.*"=([0-9.]+)".*/\1/')
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$version" ]; then
  echo "installing wasm-bindgen-cli $version"
  cargo install --locked wasm-bindgen-cli --version "$version"
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

cargo build -q --release -p edgejwt-wasm --target wasm32-unknown-unknown
wasm="$root/target/wasm32-unknown-unknown/release/edgejwt_wasm.wasm"

rm -rf "$here/pkg"
wasm-bindgen --target nodejs --out-dir "$here/pkg/node" "$wasm"
wasm-bindgen --target web --out-dir "$here/pkg/web" "$wasm"

# package.json files so the folders can be required/imported as packages.
cat > "$here/pkg/node/package.json" <<JSON
{ "name": "edgejwt-wasm", "version": "0.1.0", "main": "edgejwt_wasm.js", "types": "edgejwt_wasm.d.ts" }
JSON
cat > "$here/pkg/web/package.json" <<JSON
{ "name": "edgejwt-wasm", "version": "0.1.0", "type": "module", "main": "edgejwt_wasm.js", "module": "edgejwt_wasm.js", "types": "edgejwt_wasm.d.ts" }
JSON

# wasm-opt from npm's binaryen (wasm-adapter/package.json), installed when missing.
wasm_opt="$here/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  (cd "$here" && npm install --no-audit --no-fund >/dev/null 2>&1) || true
fi
if [ -x "$wasm_opt" ]; then
  for dir in node web; do
    file="$here/pkg/$dir/edgejwt_wasm_bg.wasm"
    "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals "$file" -o "$file.opt" && mv "$file.opt" "$file"
  done
else
  echo "wasm-opt unavailable: packages left unoptimised"
fi

raw=$(wc -c < "$here/pkg/web/edgejwt_wasm_bg.wasm")
gz=$(gzip -9 -c "$here/pkg/web/edgejwt_wasm_bg.wasm" | wc -c)
echo "edgejwt_wasm_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
