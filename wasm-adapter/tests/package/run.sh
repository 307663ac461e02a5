#!/usr/bin/env bash
# The npm package as users get it: `npm pack` of wasm-adapter/pkg (after build.sh), the
# tarball installed into a fresh project, and there: aws-jwt-verify's quick start with
# only the import changed (CommonJS, ES module, and the browser/Deno entry), a host without
# crypto (the default web entry refuses, `edgejwt/pure` verifies), a TypeScript
# check under a Workers-style tsconfig (no skipLibCheck), every algorithm's verdicts in
# real Node, Deno, Bun and Chromium, the quick start in Node, Deno and Bun, and the worker
# example in workerd from the installed files. Prints the tarball's size. Needs Chromium
# at /usr/bin/chromium (or $CHROMIUM): `apt-get install chromium`, as .ci/run does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
adapter="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$adapter/pkg" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/edgejwt-*.tgz)"
echo "npm pack: $(basename "$tarball"), $(wc -c < "$tarball") bytes"
tar tzf "$tarball" | sed 's/^/  /'

project="$work/project"
mkdir "$project"
cp "$here"/fixture.cjs "$here"/quickstart.cjs "$here"/quickstart.mjs "$here"/file-fetch.cjs "$here"/no-crypto.mjs \
   "$here"/algorithms-fixture.cjs "$here"/algorithms.mjs "$here"/browser.cjs "$here"/types.ts "$here"/tsconfig.json \
   "$project/"
cd "$project"
echo '{ "name": "edgejwt-package-test", "private": true }' > package.json
# Pinned so the check is the same on every run. Deno and Bun come as npm packages (their
# binaries are optional dependencies, no install script needed).
npm install --no-audit --no-fund --silent "$tarball" typescript@5.9.3 @cloudflare/workers-types@5.20261117.1 \
  deno@2.9.6 bun@1.4.5 playwright-core@1.64.1

node quickstart.cjs
node quickstart.mjs
EDGEJWT_CONDITION=browser node --require ./file-fetch.cjs --conditions=browser quickstart.mjs
EDGEJWT_CONDITION=deno node --require ./file-fetch.cjs --conditions=deno quickstart.mjs
EDGEJWT_CONDITION=browser node --require ./file-fetch.cjs --conditions=browser no-crypto.mjs
npx tsc -p tsconfig.json
echo "types.ts: ok (tsc, Workers-style tsconfig, no skipLibCheck)"

# Every algorithm's verdicts in real Node, Deno and Bun, on each crypto path they have:
# node:crypto where the runtime offers it, then with it hidden (WebCrypto for verify(); pure
# wasm for verifySync() in the builds that carry it, NotSupportedError in Deno's host-only one).
node algorithms-fixture.cjs
export NO_COLOR=1  # Deno's test report in plain text
deno_bin=./node_modules/.bin/deno
deno="$deno_bin run --allow-read --allow-env"
bun=./node_modules/.bin/bun
for runtime in node "$deno" "$bun"; do
  $runtime algorithms.mjs
  EDGEJWT_ENTRY=edgejwt/pure $runtime algorithms.mjs
  EDGEJWT_NO_NODE_CRYPTO=1 EDGEJWT_ENTRY=edgejwt/pure $runtime algorithms.mjs
done
EDGEJWT_NO_NODE_CRYPTO=1 node algorithms.mjs
EDGEJWT_NO_NODE_CRYPTO=1 $bun algorithms.mjs
# Deno takes the web build (the "deno" condition): no pure wasm, so no verifySync verdict.
EDGEJWT_NO_NODE_CRYPTO=1 EDGEJWT_SYNC=unsupported $deno algorithms.mjs
# Deno's and Bun's own node:crypto and WebCrypto, which the package hands signatures to
# there, against every Wycheproof vector (as Node's are in the node:test suite).
$deno_bin test --allow-read "$adapter/tests/host_strictness.test.cjs"
$bun test "$adapter/tests/host_strictness.test.cjs"
# The same verdicts in a real browser: Debian's Chromium (.ci/run installs it), the page
# loading the package through an import map, WebCrypto checking signatures.
node browser.cjs
# aws-jwt-verify's quick start in Deno and Bun, from the installed package.
EDGEJWT_CONDITION="Deno runtime, deno" $deno quickstart.mjs
EDGEJWT_CONDITION="Bun runtime, node" $bun quickstart.mjs
$bun quickstart.cjs

# The worker example in workerd, built from the installed package's workerd entry.
cd "$adapter"
EDGEJWT_WEB_DIR="$project/node_modules/edgejwt/web" \
  node --test --test-force-exit --test-timeout=120000 tests/worker.test.cjs
