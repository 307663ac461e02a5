#!/usr/bin/env bash
# Builds the npm package `edgejwt` into wasm-adapter/pkg (every algorithm; `--rsa-only`
# for RS* alone); `cd wasm-adapter/pkg && npm pack` makes the tarball. Inside:
#   pkg/node      CommonJS (and an ES module entry) for Node: node:crypto signatures, the
#                 core's pure-wasm arithmetic where node:crypto cannot answer
#   pkg/web       ES modules for Workers (workerd), browsers and Deno: host crypto only
#                 (node:crypto in workerd's nodejs_compat, else WebCrypto), no pure-wasm
#                 arithmetic: under half the size; a host without either gets
#                 NotSupportedError (`edgejwt` in browsers, workers, Deno)
#   pkg/web-pure  the same with the pure-wasm arithmetic, for hosts without crypto.subtle
#                 (pages served over plain http) (`edgejwt/pure`)
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

# `--rsa-only`: RS256/384/512 alone (no curve code, no PSS): the smallest package.
algorithms="es256,es384,es512,eddsa,pss"
if [ "${1:-}" = "--rsa-only" ]; then
  algorithms=""
fi
# The wasm of one feature set, copied out of target/ (the next build overwrites it);
# wasm-bindgen names its output after the input file.
built="$(mktemp -d)"
trap 'rm -rf "$built"' EXIT
build_wasm() {
  local name="$1" features="$2"
  cargo build -q --profile wasm-release -p edgejwt-wasm --target wasm32-unknown-unknown \
    --no-default-features --features "$features"
  mkdir -p "$built/$name"
  cp "$root/target/wasm32-unknown-unknown/wasm-release/edgejwt_wasm.wasm" "$built/$name/"
}
build_wasm full "pure-wasm${algorithms:+,$algorithms}"
build_wasm host "$algorithms"

rm -rf "$here/pkg"
wasm-bindgen --target nodejs --out-dir "$here/pkg/node" "$built/full/edgejwt_wasm.wasm"
wasm-bindgen --target web --out-dir "$here/pkg/web" "$built/host/edgejwt_wasm.wasm"
wasm-bindgen --target web --out-dir "$here/pkg/web-pure" "$built/full/edgejwt_wasm.wasm"
webdirs="web web-pure"
# wasm-bindgen declares `[Symbol.dispose]()` on each class; the method exists, but its
# declaration needs TypeScript's esnext.disposable lib, which Workers-style and ES2022
# tsconfigs lack (tests/package/run.sh checks one without skipLibCheck): not declared.
for dir in node $webdirs; do
  sed -i '/\[Symbol\.dispose\](): void;/d' "$here/pkg/$dir/edgejwt_wasm.d.ts"
done

# The error classes (js/errors.js) as a CommonJS and an ES module, and an entry per folder
# that loads them before the wasm glue and exports both, so `err instanceof
# JwtExpiredError` works as with aws-jwt-verify.
names=$(node -e "$(cat "$here/js/errors.js"); console.log(Object.keys(edgejwtErrorClasses()).join(', '))")
{ cat "$here/js/errors.js"; echo; echo "module.exports = edgejwtErrorClasses();"; } > "$here/pkg/node/errors.cjs"
# `edgejwt/error` (aws-jwt-verify's `aws-jwt-verify/error`) for `import` in Node.
printf '// The error classes alone (`edgejwt/error`), for `import` in Node.\nimport errors from "./errors.cjs";\nexport const { %s } = errors;\n' "$names" > "$here/pkg/node/errors.mjs"
for dir in $webdirs; do
  { cat "$here/js/errors.js"; echo; echo "export const { $names } = edgejwtErrorClasses();"; } > "$here/pkg/$dir/errors.js"
done
declarations=$(node -e "$(cat "$here/js/errors.js")
for (const [name, c] of Object.entries(edgejwtErrorClasses())) {
  const parent = Object.getPrototypeOf(c).name;
  const base = parent === 'Error' ? 'Error' : parent;
  const extra = name === 'FailedAssertionError' ? ' failedAssertion?: { actual: unknown; expected: unknown };' : '';
  console.log('export declare class ' + name + ' extends ' + base + ' { code: string;' + extra + ' }');
}")
# aws-jwt-verify's type names (js/jwt-model.d.ts: payloads, headers, JWKs; js/aliases.d.ts:
# verifier and option types), from the root and, as there, from `edgejwt/jwt-model`,
# whose runtime module is empty (types only).
for dir in node $webdirs; do
  echo "$declarations" > "$here/pkg/$dir/errors.d.ts"
  cp "$here/js/jwt-model.d.ts" "$here/js/aliases.d.ts" "$here/pkg/$dir/"
  printf 'export * from "./edgejwt_wasm";\nexport * from "./errors";\nexport * from "./jwt-model";\nexport * from "./aliases";\n/** aws-jwt-verify'"'"'s other name for JwtVerifier. */\nexport { JwtVerifier as JwtRsaVerifier } from "./edgejwt_wasm";\n' > "$here/pkg/$dir/index.d.ts"
done
echo '// `edgejwt/jwt-model`: types only (jwt-model.d.ts).' > "$here/pkg/node/jwt-model.cjs"
echo '// `edgejwt/jwt-model`: types only (jwt-model.d.ts).
export {};' > "$here/pkg/node/jwt-model.mjs"
for dir in $webdirs; do cp "$here/pkg/node/jwt-model.mjs" "$here/pkg/$dir/jwt-model.js"; done
cat > "$here/pkg/node/index.js" <<'JS'
"use strict";
// The package entry: the error classes first (the wasm code finds them when it throws),
// then the verifiers.
const errors = require("./errors.cjs");
const verifiers = require("./edgejwt_wasm.js");
// JwtRsaVerifier: aws-jwt-verify's other name for JwtVerifier.
module.exports = Object.assign({}, verifiers, errors, { JwtRsaVerifier: verifiers.JwtVerifier });
JS
for dir in $webdirs; do
cat > "$here/pkg/$dir/index.js" <<'JS'
// The package entry: the error classes first (the wasm code finds them when it throws),
// then the verifiers and the wasm initialisers.
export * from "./errors.js";
export * from "./edgejwt_wasm.js";
export { default } from "./edgejwt_wasm.js";
// aws-jwt-verify's other name for JwtVerifier.
export { JwtVerifier as JwtRsaVerifier } from "./edgejwt_wasm.js";
JS
done

# Node's ES module entry: the CommonJS entry's names, listed so `import { X }` works.
names_all=$(node -e "console.log(Object.keys(require('$here/pkg/node/index.js')).join(', '))")
cat > "$here/pkg/node/index.mjs" <<JS
// The package entry for \`import\` in Node: the CommonJS entry's exports, by name.
import pkg from "./index.js";
export const { $names_all } = pkg;
export default pkg;
JS
# Each folder says how Node reads its .js files.
echo '{ "type": "commonjs" }' > "$here/pkg/node/package.json"
for dir in $webdirs; do echo '{ "type": "module" }' > "$here/pkg/$dir/package.json"; done

# The npm package `edgejwt` is pkg/ itself (npm/package.json's exports map picks the
# folder per host): the Workers and auto-initialising web entries, README, licences.
for dir in $webdirs; do cp "$here/npm/workerd.js" "$here/npm/auto.js" "$here/pkg/$dir/"; done
cp "$here/npm/package.json" "$here/npm/README.md" "$here/pkg/"
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$here/pkg/"

# wasm-opt from npm's binaryen (wasm-adapter/package.json), installed when missing.
wasm_opt="$here/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  (cd "$here" && npm install --no-audit --no-fund >/dev/null 2>&1) || true
fi
if [ -x "$wasm_opt" ]; then
  for dir in node $webdirs; do
    file="$here/pkg/$dir/edgejwt_wasm_bg.wasm"
    "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals "$file" -o "$file.opt" && mv "$file.opt" "$file"
  done
else
  echo "wasm-opt unavailable: packages left unoptimised"
fi

for dir in node $webdirs; do
  raw=$(wc -c < "$here/pkg/$dir/edgejwt_wasm_bg.wasm")
  gz=$(gzip -9 -c "$here/pkg/$dir/edgejwt_wasm_bg.wasm" | wc -c)
  echo "pkg/$dir/edgejwt_wasm_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
done
