// The package hands every signature check to the host (node:crypto, else WebCrypto),
// so the host must be exactly as strict as the core: every Wycheproof vector gets its
// labelled verdict from each host API, called the way the package calls it (ECDSA as
// `ieee-p1363` r || s, PSS with a digest-length salt, Ed25519 with no digest). Signatures
// of the wrong length never reach a host (the core refuses them first), so they are
// skipped here. CI runs this file in Node, Deno and Bun (tests/package/run.sh): each
// brings its own node:crypto and WebCrypto.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const dir = path.join(__dirname, "../../tests/vectors/wycheproof");
const PSS = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST };
const PKCS1 = { padding: crypto.constants.RSA_PKCS1_PADDING };
const FILES = [
  ["ed25519_test.json", null, {}, { name: "Ed25519" }, { name: "Ed25519" }, 64],
  ["ecdsa_secp256r1_sha256_p1363_test.json", "sha256", { dsaEncoding: "ieee-p1363" },
    { name: "ECDSA", namedCurve: "P-256" }, { name: "ECDSA", hash: "SHA-256" }, 64],
  ["ecdsa_secp384r1_sha384_p1363_test.json", "sha384", { dsaEncoding: "ieee-p1363" },
    { name: "ECDSA", namedCurve: "P-384" }, { name: "ECDSA", hash: "SHA-384" }, 96],
  ["ecdsa_secp521r1_sha512_p1363_test.json", "sha512", { dsaEncoding: "ieee-p1363" },
    { name: "ECDSA", namedCurve: "P-521" }, { name: "ECDSA", hash: "SHA-512" }, 132],
  ["rsa_pss_2048_sha256_mgf1_32_test.json", "sha256", PSS,
    { name: "RSA-PSS", hash: "SHA-256" }, { name: "RSA-PSS", saltLength: 32 }, 256],
  ["rsa_pss_4096_sha512_mgf1_64_test.json", "sha512", PSS,
    { name: "RSA-PSS", hash: "SHA-512" }, { name: "RSA-PSS", saltLength: 64 }, 512],
  // RS256 goes to the host too. The one `acceptable` vector per file (MissingNull: a
  // DigestInfo without its NULL) must be refused, as the core refuses it.
  ["rsa_signature_2048_sha256_test.json", "sha256", PKCS1,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, { name: "RSASSA-PKCS1-v1_5" }, 256],
  ["rsa_signature_3072_sha256_test.json", "sha256", PKCS1,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, { name: "RSASSA-PKCS1-v1_5" }, 384],
  ["rsa_signature_4096_sha256_test.json", "sha256", PKCS1,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, { name: "RSASSA-PKCS1-v1_5" }, 512],
];

for (const [file, digest, options, importAs, verifyAs, signatureLength] of FILES) {
  test(`node:crypto and WebCrypto agree with every ${file} vector`, async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    let checked = 0;
    for (const group of doc.testGroups) {
      const der = Buffer.from(group.publicKeyDer, "hex");
      const key = crypto.createPublicKey({ key: der, format: "der", type: "spki" });
      const jwk = key.export({ format: "jwk" });
      const webKey = await crypto.webcrypto.subtle.importKey("jwk", jwk, importAs, false, ["verify"]);
      for (const t of group.tests) {
        const sig = Buffer.from(t.sig, "hex");
        if (sig.length !== signatureLength) continue;
        const msg = Buffer.from(t.msg, "hex");
        const expected = t.result === "valid";
        let node;
        try { node = crypto.verify(digest, msg, { key, ...options }, sig); } catch { node = false; }
        assert.equal(node, expected, `node:crypto ${file} tcId ${t.tcId} (${t.comment})`);
        let web;
        try { web = await crypto.webcrypto.subtle.verify(verifyAs, webKey, sig, msg); } catch { web = false; }
        assert.equal(web, expected, `WebCrypto ${file} tcId ${t.tcId} (${t.comment})`);
        checked += 1;
      }
    }
    assert.ok(checked > 50, `${file}: ${checked} vectors`);
  });
}
