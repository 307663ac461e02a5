#!/usr/bin/env bash
# The npm package as users get it: `npm pack` of wasm-adapter/pkg (after build.sh), the
# tarball installed into a fresh project, and there: aws-jwt-verify's quick start with
# only the import changed (CommonJS, ES module, and the browser/Deno entry), a host without
# crypto (the default web entry refuses, `edgejwt/pure` verifies), a TypeScript
# check under a Workers-style tsconfig (no skipLibCheck), and the worker example in
# workerd from the installed files. Prints the tarball's size.
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
   "$here"/types.ts "$here"/tsconfig.json "$project/"
cd "$project"
echo '{ "name": "edgejwt-package-test", "private": true }' > package.json
# Pinned so the check is the same on every run.
npm install --no-audit --no-fund --silent "$tarball" typescript@5.9.3 @cloudflare/workers-types@5.20261117.1

node quickstart.cjs
node quickstart.mjs
EDGEJWT_CONDITION=browser node --require ./file-fetch.cjs --conditions=browser quickstart.mjs
EDGEJWT_CONDITION=deno node --require ./file-fetch.cjs --conditions=deno quickstart.mjs
EDGEJWT_CONDITION=browser node --require ./file-fetch.cjs --conditions=browser no-crypto.mjs
npx tsc -p tsconfig.json
echo "types.ts: ok (tsc, Workers-style tsconfig, no skipLibCheck)"

# The worker example in workerd, built from the installed package's workerd entry.
cd "$adapter"
EDGEJWT_WEB_DIR="$project/node_modules/edgejwt/web" \
  node --test --test-force-exit --test-timeout=120000 tests/worker.test.cjs
