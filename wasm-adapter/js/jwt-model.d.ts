// The shapes of what a verifier returns and takes, under the names aws-jwt-verify's
// `jwt-model`, `jwk` and `safe-json-parse` modules give them, so TypeScript written
// against aws-jwt-verify compiles with only the import changed
// (`edgejwt/jwt-model`, or the package root). Types only: these describe JSON, they
// check nothing; every rule is the verifier's.

/** Any JSON value. */
export type Json = null | string | number | boolean | Json[] | JsonObject;
/** A JSON object. */
export type JsonObject = { [name: string]: Json };

/** A JWS header (RFC 7515 4.1); a verified token's always has `alg` and `kid`. */
export type JwtHeader = {
  alg?: string;
  kid?: string;
} & JsonObject;

/** A JWT payload: the registered claims of RFC 7519 4.1 (and OAuth's `scope`), typed where present. */
export type JwtPayload = {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  scope?: string;
} & JsonObject;

/** A decoded token. */
export interface Jwt {
  header: JwtHeader;
  payload: JwtPayload;
}

/** The claims Amazon Cognito puts in both its ID and access tokens. */
type CognitoClaims = {
  token_use: "id" | "access";
  sub: string;
  iss: string;
  exp: number;
  iat: number;
  auth_time: number;
  jti: string;
  origin_jti: string;
  "cognito:groups"?: string[];
};

/** A Cognito ID or access token's payload. */
export type CognitoJwtPayload = CognitoClaims & JsonObject;

/** A Cognito ID token's payload (`token_use: "id"`). */
export type CognitoIdTokenPayload = CognitoClaims & {
  token_use: "id";
  aud: string;
  at_hash: string;
  "cognito:username": string;
  email_verified: boolean;
  phone_number_verified: boolean;
  identities: {
    userId: string;
    providerName: string;
    providerType: string;
    issuer: null;
    primary: string;
    dateCreated: string;
  }[];
  "cognito:roles": string[];
  "cognito:preferred_role": string;
} & JsonObject;

/** A Cognito access token's payload (`token_use: "access"`). */
export type CognitoAccessTokenPayload = CognitoClaims & {
  token_use: "access";
  client_id: string;
  version: number;
  username: string;
  scope: string;
} & JsonObject;

/** A decoded Cognito token. */
export interface CognitoJwt {
  header: JwtHeader;
  payload: CognitoAccessTokenPayload | CognitoIdTokenPayload;
}

/** The header of a token an AWS Application Load Balancer signs (`x-amzn-oidc-data`). */
export interface AlbJwtHeader extends JwtHeader {
  alg: string;
  kid: string;
  signer: string;
  iss: string;
  client: string;
  exp: number;
}

/** The payload of an ALB token: the IdP's user claims. */
export type AlbJwtPayload = {
  sub: string;
  email: string;
  name: string;
  email_verified: boolean;
  username: string;
  exp: number;
  iss: string;
  identities?: string;
} & JsonObject;

/** A decoded ALB token. */
export interface AlbJwt {
  header: AlbJwtHeader;
  payload: AlbJwtPayload;
}

/** A JSON Web Key (RFC 7517 4), as `customJwtCheck` receives it. */
export type Jwk = {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
} & JsonObject;

/** A JWK Set (RFC 7517 5), as `cacheJwks` takes it. */
export type Jwks = { keys: Jwk[] } & JsonObject;
