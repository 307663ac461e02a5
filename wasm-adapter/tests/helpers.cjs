// Shared helpers for the Node tests: keys, token minting, a counting JWKS server.
"use strict";
const crypto = require("node:crypto");
const http = require("node:http");

const POOL = "us-east-1_WasmTests1";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
const CLIENT = "wasm-client";

const b64 = (data) => Buffer.from(data).toString("base64url");

/** `crypto.generateKeyPairSync`, with the keys re-imported from their DER encodings. Node 20
 * can deadlock exporting (JWK) a KeyObject that generateKeyPairSync made, when a garbage
 * collection runs the finished job's destructor mid-export (seen in CI: a futex wait under
 * KeyGenJob::~KeyGenJob inside ExportJWKRsaKey); keys it never made cannot meet that. */
function generateKeyPair(type, options) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync(type, {
    ...options,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "der" },
  });
  return {
    privateKey: crypto.createPrivateKey({ key: privateKey, format: "der", type: "pkcs8" }),
    publicKey: crypto.createPublicKey({ key: publicKey, format: "der", type: "spki" }),
  };
}

function makeKey(kid, bits = 2048) {
  const { privateKey, publicKey } = generateKeyPair("rsa", { modulusLength: bits });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  return { kid, privateKey, publicKey, jwk };
}

function signText(key, headerText, payloadText, alg = "RS256") {
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  const hash = { RS256: "sha256", RS384: "sha384", RS512: "sha512" }[alg] || "sha256";
  const sig = crypto.sign(hash, Buffer.from(input), key.privateKey);
  return `${input}.${b64(sig)}`;
}

function sign(key, claims, header = {}) {
  return signText(key, JSON.stringify({ alg: "RS256", kid: key.kid, ...header }), JSON.stringify(claims));
}

const now = () => Math.floor(Date.now() / 1000);

function accessClaims(extra = {}) {
  return {
    sub: "user-1", iss: ISSUER, client_id: CLIENT, token_use: "access",
    scope: "orders/read profile", "cognito:groups": ["staff"],
    iat: now() - 5, exp: now() + 3600, username: "alice", ...extra,
  };
}

function idClaims(extra = {}) {
  return {
    sub: "user-1", iss: ISSUER, aud: CLIENT, token_use: "id",
    iat: now() - 5, exp: now() + 3600, "cognito:username": "alice", email: "a@example.com", ...extra,
  };
}

const jwks = (...keys) => ({ keys: keys.map((k) => k.jwk) });

/** A JWKS server on 127.0.0.1 whose answer the test sets and whose requests it counts. */
async function startServer(initial) {
  const state = { hits: 0, reply: initial };
  const server = http.createServer(async (req, res) => {
    state.hits += 1;
    const reply = typeof state.reply === "function" ? state.reply(req) : state.reply;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    const headers = { "content-type": "application/json", ...(reply.headers || {}) };
    res.writeHead(reply.status || 200, headers);
    res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {}));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
  return {
    url,
    get hits() { return state.hits; },
    set(reply) { state.reply = reply; },
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Creates a verifier while the named host facilities are out of sight: the package
 * detects node:crypto and WebCrypto at create(), so this picks the RSA path it uses. */
function createWithout(hidden, create) {
  const savedBuiltin = process.getBuiltinModule;
  const savedCrypto = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  if (hidden.includes("node:crypto")) process.getBuiltinModule = undefined;
  if (hidden.includes("webcrypto")) {
    Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true, writable: true });
  }
  try {
    return create();
  } finally {
    process.getBuiltinModule = savedBuiltin;
    Object.defineProperty(globalThis, "crypto", savedCrypto);
  }
}

/** The three homes of the RSA step, as the facilities hidden to reach each. */
const PATHS = {
  "node:crypto": [],
  WebCrypto: ["node:crypto"],
  "pure wasm": ["node:crypto", "webcrypto"],
};

/** Runs `fn` with Date.now pinned to `millis` (the package reads the clock per call). */
function at(millis, fn) {
  const saved = Date.now;
  Date.now = () => millis;
  try {
    return fn();
  } finally {
    Date.now = saved;
  }
}

/** Counts unhandled rejections while `fn` (async) runs and a few turns after. */
async function unhandledRejectionsDuring(fn) {
  let count = 0;
  const listener = () => { count += 1; };
  process.on("unhandledRejection", listener);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off("unhandledRejection", listener);
  }
  return count;
}

module.exports = {
  POOL, ISSUER, CLIENT, b64, generateKeyPair, makeKey, sign, signText, now, accessClaims, idClaims, jwks, startServer,
  createWithout, PATHS, at, unhandledRejectionsDuring,
};
