// A/B of two builds of the package in one process: `node bench/ab.bench.cjs OLD_PKG_DIR`
// compares OLD_PKG_DIR (e.g. a build of an earlier commit) against ../pkg/node, with
// verify() and verifySync() on distinct tokens, interleaved, as the median of per-round
// ratios new/old. For checking that a change costs nothing on the hot path.
"use strict";
const path = require("node:path");
const crypto = require("node:crypto");
const h = require("../tests/helpers.cjs");

const oldPkg = require(path.resolve(process.argv[2]));
const newPkg = require("../pkg/node");
const ROUNDS = 15;
const PER_ROUND = 512;

const key = h.makeKey("k1");
const tokens = Array.from({ length: PER_ROUND }, (_, i) =>
  h.sign(key, h.accessClaims({ jti: crypto.randomUUID(), username: `user-${i}` })));
const make = (pkg) => {
  const v = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT });
  v.cacheJwks(h.jwks(key));
  return v;
};
const contenders = [["old", make(oldPkg)], ["new", make(newPkg)]];

async function time(v, mode) {
  const start = process.hrtime.bigint();
  for (const token of tokens) {
    if (mode === "sync") v.verifySync(token); else await v.verify(token);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / tokens.length;
}

(async () => {
  for (const mode of ["sync", "async"]) {
    const ratios = [];
    const times = { old: [], new: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 ? contenders : [...contenders].reverse();
      for (const [name, v] of order) times[name].push(await time(v, mode));
      ratios.push(times.new[round] / times.old[round]);
    }
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    console.log(`${mode}: old ${median(times.old).toFixed(1)} us, new ${median(times.new).toFixed(1)} us, new/old ${median(ratios).toFixed(3)} (median of ${ROUNDS} rounds)`);
  }
})();
