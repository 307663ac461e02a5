// The cold-start worker: verifies the token in the request's Authorization header with
// the library named by the bundle (edgejwt or aws-jwt-verify), keys pinned with cacheJwks,
// so process start to first answer measures loading, instantiation and one verification.
import { CognitoJwtVerifier } from "LIBRARY";
import jwks from "./jwks.json";

let verifier;

export default {
  async fetch(request, env) {
    verifier ??= CognitoJwtVerifier.create({ userPoolId: env.POOL, tokenUse: "access", clientId: env.CLIENT });
    verifier.cacheJwks(jwks);
    const payload = await verifier.verify(request.headers.get("authorization").slice(7));
    return Response.json({ sub: payload.sub });
  },
};
