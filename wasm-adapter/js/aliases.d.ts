// aws-jwt-verify's names for the verifier and option types, so annotations written
// against it (`let v: CognitoJwtVerifierSingleUserPool<{ ... }>`) compile with only the
// import changed. Its type parameters only narrowed the payload's type there; here each
// name is the one class or options type, and `verify()` returns the payload untyped.
import type {
  AlbJwtVerifier,
  AlbJwtVerifierOptions,
  CognitoJwtVerifier,
  CognitoJwtVerifierOptions,
  JwsAlgorithm,
  JwtVerifier,
  JwtVerifierOptions,
} from "./edgejwt_wasm";

export type SupportedSignatureAlgorithm = JwsAlgorithm;

export type CognitoJwtVerifierProperties = CognitoJwtVerifierOptions;
export type CognitoJwtVerifierMultiProperties = CognitoJwtVerifierOptions;
export type CognitoJwtVerifierSingleUserPool<_Properties = unknown> = CognitoJwtVerifier;
export type CognitoJwtVerifierMultiUserPool<_Properties = unknown> = CognitoJwtVerifier;

export type JwtVerifierProperties<_VerifyProperties = unknown> = JwtVerifierOptions;
export type JwtVerifierMultiProperties<_VerifyProperties = unknown> = JwtVerifierOptions;
export type JwtVerifierSingleIssuer<_Properties = unknown> = JwtVerifier;
export type JwtVerifierMultiIssuer<_Properties = unknown> = JwtVerifier;

export type AlbJwtVerifierProperties = AlbJwtVerifierOptions;
export type AlbJwtVerifierMultiProperties = AlbJwtVerifierOptions;
export type AlbJwtVerifierSingleUserPool<_Properties = unknown> = AlbJwtVerifier;
export type AlbJwtVerifierMultiUserPool<_Properties = unknown> = AlbJwtVerifier;
