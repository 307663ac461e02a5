// Type-checks the installed package's declarations the way a worker's code uses them.
import {
  CognitoJwtVerifier,
  JwtVerifier,
  AlbJwtVerifier,
  JwtExpiredError,
  JwtBaseError,
  JwtRsaVerifier,
} from "edgejwt";
import { JwtInvalidClaimError, KidNotFoundInJwksError } from "edgejwt/error";
// aws-jwt-verify's type names, as code moved from it imports them.
import type { CognitoAccessTokenPayload, CognitoIdTokenPayload, JwtHeader, AlbJwtPayload } from "edgejwt/jwt-model";
import type {
  CognitoJwtVerifierSingleUserPool,
  JwtVerifierSingleIssuer,
  JwtPayload,
  Jwks,
  SupportedSignatureAlgorithm,
} from "edgejwt";

const cognito = CognitoJwtVerifier.create({
  userPoolId: "us-east-1_AbC123",
  tokenUse: "access",
  clientId: "client",
});
const oidc = JwtVerifier.create({
  issuer: "https://issuer.example",
  audience: "api",
  algorithms: ["ES256", "EdDSA", "PS256"],
});
const alb = AlbJwtVerifier.create({
  albArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
  issuer: "https://issuer.example",
  clientId: "client",
});
const alias: typeof JwtVerifier = JwtRsaVerifier;
const annotated: CognitoJwtVerifierSingleUserPool<{ userPoolId: string; tokenUse: "access"; clientId: string }> = cognito;
const annotatedOidc: JwtVerifierSingleIssuer<{ issuer: string; audience: string }> = oidc;
const algorithm: SupportedSignatureAlgorithm = "ES256";
const jwks: Jwks = { keys: [{ kty: "RSA", kid: "k1", n: "AQAB", e: "AQAB", use: "sig" }] };
annotated.cacheJwks(jwks);

/** The claims code moved from aws-jwt-verify reads, typed as it typed them. */
function describe(access: CognitoAccessTokenPayload, id: CognitoIdTokenPayload, alb: AlbJwtPayload, header: JwtHeader): string {
  const scopes: string = access.scope;
  const groups: string[] | undefined = access["cognito:groups"];
  const email: string = alb.email;
  const custom = id["custom:tenant"]; // any other claim is JSON
  const use: "access" = access.token_use;
  // @ts-expect-error: exp is a number
  const wrongExp: string = id.exp;
  return [scopes, groups, email, custom, header.kid, use, wrongExp].join();
}

export default {
  async fetch(request: Request): Promise<Response> {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    try {
      const payload: CognitoAccessTokenPayload = await cognito.verify(token);
      const generic: JwtPayload = await annotatedOidc.verify(token);
      oidc.verifySync(token);
      await alb.verify(token);
      return Response.json({ sub: payload.sub, aud: generic.aud, alias: typeof alias, algorithm, describe: typeof describe });
    } catch (err) {
      if (err instanceof KidNotFoundInJwksError || err instanceof JwtInvalidClaimError) {
        return Response.json({ error: err.code, claim: err instanceof JwtInvalidClaimError }, { status: 401 });
      }
      if (err instanceof JwtExpiredError || err instanceof JwtBaseError) {
        return Response.json({ error: err.code }, { status: 401 });
      }
      throw err;
    }
  },
};
