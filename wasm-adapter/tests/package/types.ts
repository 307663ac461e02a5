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

export default {
  async fetch(request: Request): Promise<Response> {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    try {
      const payload = await cognito.verify(token);
      oidc.verifySync(token);
      await alb.verify(token);
      return Response.json({ sub: payload.sub, alias: typeof alias });
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
