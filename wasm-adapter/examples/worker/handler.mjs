// The worker's logic, independent of how the wasm was loaded: answers 200 with the
// user for a valid bearer token, 401 with the stable error code otherwise.

let cached;

function json(status, body) {
  const headers = { "content-type": "application/json" };
  if (status === 401) headers["www-authenticate"] = `Bearer error="invalid_token"`;
  return new Response(JSON.stringify(body), { status, headers });
}

/** One verifier per isolate: its JWKS cache survives between requests. */
function verifierFor(env, CognitoJwtVerifier) {
  cached ??= CognitoJwtVerifier.create({
    userPoolId: env.USER_POOL_ID,
    tokenUse: "access",
    clientId: env.CLIENT_ID,
    ...(env.JWKS_URI ? { jwksUri: env.JWKS_URI } : {}),
    allowHttpLoopback: env.ALLOW_HTTP_LOOPBACK === "true",
  });
  return cached;
}

export async function handle(request, env, CognitoJwtVerifier) {
  const auth = request.headers.get("authorization") || "";
  if (!auth.startsWith("Bearer ")) return json(401, { error: "missing_bearer_token" });
  try {
    const payload = await verifierFor(env, CognitoJwtVerifier).verify(auth.slice("Bearer ".length));
    return json(200, { sub: payload.sub, username: payload.username });
  } catch (error) {
    return json(401, { error: error.code || "error" });
  }
}
