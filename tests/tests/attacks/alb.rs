//! The AWS ALB profile: padded segments only here, `signer` and `client` from the header,
//! both `exp`s, a UUID `kid`; each test is named after what it stops.
use super::*;
use edgejwt_core::{PublicKey, Reason};
use edgejwt_testkit::OtherKey;

const ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const OTHER_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/evil/0123456789abcdef";
const KID: &str = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
const IDP: &str = "https://idp.example/";
const ALB_CLIENT: &str = "alb-client";

fn alb_key() -> OtherKey {
    OtherKey::p256("edgejwt test alb region key")
}

fn policy() -> Policy {
    Policy::alb(IDP)
        .signer(ARN)
        .client_id(ALB_CLIENT)
        .build()
        .unwrap()
}

fn keys() -> KeySet {
    let mut keys = KeySet::new();
    let key = PublicKey::from_spki_pem(&alb_key().spki_pem()).unwrap();
    keys.insert(key.with_kid(KID)).unwrap();
    keys
}

fn header() -> Value {
    json!({"typ": "JWT", "kid": KID, "alg": "ES256", "iss": IDP, "client": ALB_CLIENT,
           "signer": ARN, "exp": NOW + 120})
}

fn payload() -> Value {
    json!({"sub": "9a1b-user", "email": "a@example.com", "exp": NOW + 120, "iss": IDP})
}

fn alb_token(header_changes: Value, payload_changes: Value) -> String {
    alb_key().alb_token(
        &with(header(), header_changes),
        &with(payload(), payload_changes),
    )
}

fn alb_err(token: &str) -> Error {
    policy().verify(token, &keys(), NOW).unwrap_err()
}

#[test]
fn a_token_in_albs_padded_form_verifies() {
    let token = alb_token(json!({}), json!({}));
    assert!(
        token.contains('='),
        "the test token carries padding: {token}"
    );
    let verified = policy().verify(&token, &keys(), NOW).unwrap();
    assert_eq!(verified.claims().sub().unwrap(), "9a1b-user");
    assert_eq!(verified.header().kid(), KID);
}

#[test]
fn the_padded_form_is_malformed_outside_the_alb_profile() {
    // The same token and key under a generic OIDC policy: padding is never canonical.
    let token = alb_token(json!({}), json!({"aud": "app"}));
    assert!(token.contains('='));
    let oidc = Policy::oidc(IDP)
        .audience("app")
        .algorithms(&[Algorithm::ES256])
        .build()
        .unwrap();
    assert_eq!(
        oidc.verify(&token, &keys(), NOW).unwrap_err(),
        Error::Malformed
    );
    assert_eq!(oidc.check_header(&token), Err(Error::Malformed));
}

#[test]
fn non_canonical_padding_is_malformed() {
    let token = alb_token(json!({}), json!({}));
    let (header, rest) = token.split_once('.').unwrap();
    let bare = header.trim_end_matches('=');
    for bad_header in [
        format!("{bare}="),
        format!("{bare}==="),
        format!("{bare}===="),
        format!("{}={}", &bare[..4], &bare[4..]),
        format!("{bare}{}", "=".repeat(4 - bare.len() % 4 + 4)),
    ] {
        if bad_header == header {
            continue;
        }
        let forged = format!("{bad_header}.{rest}");
        assert_eq!(alb_err(&forged), Error::Malformed, "{forged}");
    }
}

#[test]
fn removing_the_padding_breaks_the_signature_over_the_segments_as_sent() {
    let token = alb_token(json!({}), json!({}));
    let mut parts = token.split('.');
    let (h, p, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let stripped = format!(
        "{}.{}.{s}",
        h.trim_end_matches('='),
        p.trim_end_matches('=')
    );
    assert_ne!(stripped, token);
    assert_eq!(alb_err(&stripped), Error::BadSignature);
}

#[test]
fn a_token_from_another_load_balancer_is_a_signer_mismatch() {
    assert_eq!(
        alb_err(&alb_token(json!({"signer": OTHER_ARN}), json!({}))),
        Error::SignerMismatch
    );
    // Near misses of the ARN are not the ARN.
    for near in [
        format!("{ARN}/"),
        ARN.to_uppercase(),
        ARN.replace("us-east-1", "us-east-2"),
    ] {
        assert_eq!(
            alb_err(&alb_token(json!({"signer": near}), json!({}))),
            Error::SignerMismatch
        );
    }
    assert_eq!(
        alb_err(&alb_token(json!({"signer": null}), json!({}))),
        Error::MissingClaim
    );
    assert_eq!(
        alb_err(&alb_token(json!({"signer": [ARN]}), json!({}))),
        Error::InvalidClaim
    );
}

#[test]
fn a_token_for_another_client_is_a_client_id_mismatch() {
    assert_eq!(
        alb_err(&alb_token(json!({"client": "other-client"}), json!({}))),
        Error::ClientIdMismatch
    );
    let missing = alb_token(json!({"client": null}), json!({}));
    assert_eq!(alb_err(&missing), Error::MissingClaim);
    assert_eq!(
        policy().reason(&missing, &keys(), Error::MissingClaim),
        Reason::MissingClaim("client")
    );
    // The explicit opt-out accepts any client, and only that opt-out does.
    let any = Policy::alb(IDP).signer(ARN).any_client().build().unwrap();
    assert!(any.verify(&missing, &keys(), NOW).is_ok());
    assert_eq!(
        Policy::alb(IDP).signer(ARN).build().unwrap_err(),
        edgejwt_core::ConfigError::NoClientIds
    );
}

#[test]
fn an_expired_header_exp_is_expired_even_when_the_payload_exp_is_not() {
    assert_eq!(
        alb_err(&alb_token(json!({"exp": NOW - 1}), json!({}))),
        Error::Expired
    );
    assert_eq!(
        alb_err(&alb_token(json!({}), json!({"exp": NOW - 1}))),
        Error::Expired
    );
    assert_eq!(
        alb_err(&alb_token(json!({"exp": null}), json!({}))),
        Error::MissingClaim
    );
    assert_eq!(
        alb_err(&alb_token(json!({"exp": "soon"}), json!({}))),
        Error::InvalidClaim
    );
    // The earlier of the two is when the verified token expires.
    let token = alb_token(json!({"exp": NOW + 30}), json!({}));
    let verified = policy().verify(&token, &keys(), NOW).unwrap();
    assert!(policy().recheck_time(&verified, NOW + 31).is_err());
}

#[test]
fn a_foreign_issuer_in_header_or_payload_is_an_issuer_mismatch() {
    assert_eq!(
        alb_err(&alb_token(
            json!({}),
            json!({"iss": "https://evil.example/"})
        )),
        Error::IssuerMismatch
    );
    assert_eq!(
        alb_err(&alb_token(
            json!({"iss": "https://evil.example/"}),
            json!({})
        )),
        Error::IssuerMismatch
    );
    assert_eq!(
        alb_err(&alb_token(json!({}), json!({"iss": null}))),
        Error::MissingClaim
    );
}

#[test]
fn a_kid_that_could_steer_the_key_url_is_refused_before_any_lookup() {
    for kid in [
        "../6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c",
        "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d/..",
        "6a7b8c9d-0e1f-4a2b-8c3d%2F4e5f6a7b8c9d",
        "https://evil.example/key.pem",
        "6a7b8c9d/0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "",
        "k1",
    ] {
        let token = alb_token(json!({"kid": kid}), json!({}));
        assert_eq!(
            policy().check_header(&token),
            Err(Error::MissingKid),
            "{kid}"
        );
    }
    let numeric = alb_token(json!({"kid": 7}), json!({}));
    assert_eq!(policy().check_header(&numeric), Err(Error::Malformed));
}

#[test]
fn a_jws_signed_by_another_albs_key_is_a_bad_signature() {
    let other = OtherKey::p256("edgejwt test another region key");
    let token = other.alb_token(&header(), &payload());
    assert_eq!(alb_err(&token), Error::BadSignature);
}

#[test]
fn only_es256_is_accepted_by_default() {
    let token = alb_token(json!({"alg": "ES384"}), json!({}));
    assert_eq!(alb_err(&token), Error::UnsupportedAlgorithm);
    let token = alb_token(json!({"alg": "none"}), json!({}));
    assert_eq!(alb_err(&token), Error::UnsupportedAlgorithm);
}

#[test]
fn alb_policies_refuse_bad_arns_and_mixed_regions() {
    use edgejwt_core::ConfigError;
    let build = |arn: &str| {
        Policy::alb(IDP)
            .signer(arn)
            .client_id("c")
            .build()
            .map(|_| ())
    };
    assert_eq!(
        build("arn:aws:elasticloadbalancing"),
        Err(ConfigError::InvalidAlbArn)
    );
    assert_eq!(build("not an arn"), Err(ConfigError::InvalidAlbArn));
    assert_eq!(
        Policy::alb(IDP).client_id("c").build().unwrap_err(),
        ConfigError::NoAlbArns
    );
    assert_eq!(
        Policy::alb("")
            .signer(ARN)
            .client_id("c")
            .build()
            .unwrap_err(),
        ConfigError::EmptyIssuer
    );
    let west = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/b/2";
    assert_eq!(
        edgejwt_core::alb_keys_url(&[ARN, west]),
        Err(ConfigError::AlbRegionsDiffer)
    );
}

#[test]
fn several_load_balancers_each_sign_for_themselves() {
    let second =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/1234567890abcdef";
    let both = Policy::alb(IDP)
        .signer(ARN)
        .signer(second)
        .client_id(ALB_CLIENT)
        .build()
        .unwrap();
    for signer in [ARN, second] {
        let token = alb_token(json!({"signer": signer}), json!({}));
        assert!(both.verify(&token, &keys(), NOW).is_ok(), "{signer}");
    }
}

#[test]
fn alb_rejections_name_the_header_member_and_the_expected_values() {
    let token = alb_token(json!({"signer": OTHER_ARN}), json!({}));
    let failed = policy()
        .failed_assertion(&token, Error::SignerMismatch)
        .unwrap();
    assert_eq!(failed.claim, "signer");
    assert_eq!(failed.actual.unwrap(), format!("\"{OTHER_ARN}\""));
    assert_eq!(failed.expected, [ARN]);
    let token = alb_token(json!({"client": "other"}), json!({}));
    let failed = policy()
        .failed_assertion(&token, Error::ClientIdMismatch)
        .unwrap();
    assert_eq!(
        (failed.claim, failed.expected),
        ("client", vec![ALB_CLIENT.to_owned()])
    );
    // The header's exp when it is the one that passed.
    let token = alb_token(json!({"exp": NOW - 7}), json!({}));
    let failed = policy().failed_assertion(&token, Error::Expired).unwrap();
    assert_eq!(failed.actual.unwrap(), (NOW - 7).to_string());
    let token = alb_token(json!({"signer": 5}), json!({}));
    assert_eq!(alb_err(&token), Error::InvalidClaim);
    assert_eq!(
        policy().reason(&token, &keys(), Error::InvalidClaim),
        Reason::InvalidClaim("signer")
    );
}

#[test]
fn contents_of_a_genuine_alb_token_refused_by_a_header_rule_can_still_be_asked_for() {
    let token = alb_token(json!({"iss": "https://elsewhere.example/"}), json!({}));
    assert_eq!(alb_err(&token), Error::IssuerMismatch);
    let decoded = policy().decode_if_signature_valid(&token, &keys()).unwrap();
    assert!(decoded.header_json.contains("elsewhere"));
    let forged = OtherKey::p256("edgejwt test forger").alb_token(&header(), &payload());
    assert!(policy()
        .decode_if_signature_valid(&forged, &keys())
        .is_none());
}
