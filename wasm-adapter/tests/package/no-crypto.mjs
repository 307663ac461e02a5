// A host without crypto (a page served over plain http has no crypto.subtle), from the
// installed tarball: the default web entry refuses with NotSupportedError and never
// gives a verdict; `edgejwt/pure` verifies with its own arithmetic.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const fixture = createRequire(import.meta.url)("./fixture.cjs");
const hostOnly = await import("edgejwt");
const pure = await import("edgejwt/pure");

// Out of sight before create(): the verifiers detect host crypto there.
Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true, writable: true });
process.getBuiltinModule = undefined;
const options = { userPoolId: fixture.POOL, tokenUse: "access", clientId: fixture.CLIENT };
const refusing = hostOnly.CognitoJwtVerifier.create(options);
refusing.cacheJwks(fixture.jwks);
await assert.rejects(refusing.verify(fixture.valid), (err) => err instanceof hostOnly.NotSupportedError && err.code === "not_supported");
assert.throws(() => refusing.verifySync(fixture.valid), (err) => err.code === "not_supported");

const verifier = pure.CognitoJwtVerifier.create(options);
verifier.cacheJwks(fixture.jwks);
assert.equal((await verifier.verify(fixture.valid)).username, "alice");
assert.equal(verifier.verifySync(fixture.valid).username, "alice");
await assert.rejects(verifier.verify(fixture.expired), (err) => err instanceof pure.JwtExpiredError);
console.log(`no-crypto.mjs: ok (${process.env.EDGEJWT_CONDITION} entry refuses, edgejwt/pure verifies)`);
