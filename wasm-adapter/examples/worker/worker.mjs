// A Cloudflare-style module worker protecting every route with a Cognito access token.
// `npm install edgejwt`; wrangler bundles the package's "workerd" entry, which needs no
// initialisation call.
import { CognitoJwtVerifier } from "edgejwt";
import { handle } from "./handler.mjs";

export default {
  fetch: (request, env) => handle(request, env, CognitoJwtVerifier),
};
