//! The `edgejwt` command: each exit status, `--json`, stdin, inspect and demo.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
#[path = "../../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::{access_claims, jwks, Key, Reply, Server, CLIENT, NOW, POOL};

fn edgejwt(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_edgejwt"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Fixture {
    _dir: std::path::PathBuf,
    jwks_file: String,
    now: String,
}

fn fixture(name: &str) -> Fixture {
    let dir = std::env::temp_dir().join(format!("edgejwt-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("jwks.json");
    std::fs::write(&file, jwks(&[Key::a().jwk("k1", serde_json::json!({}))])).unwrap();
    Fixture {
        jwks_file: file.display().to_string(),
        _dir: dir,
        now: NOW.to_string(),
    }
}

fn verify_args<'a>(f: &'a Fixture, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "verify",
        "--user-pool-id",
        POOL,
        "--token-use",
        "access",
        "--client-id",
        CLIENT,
        "--jwks-file",
        &f.jwks_file,
        "--now",
        &f.now,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_valid_token_exits_0() {
    let f = fixture("valid");
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(&verify_args(&f, &[&token]), None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).starts_with("valid"));
}

#[test]
fn json_output_for_a_valid_token_is_one_object() {
    let f = fixture("json-valid");
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["header"]["kid"], "k1");
    assert_eq!(v["claims"]["username"], "alice");
}

#[test]
fn a_rejected_token_exits_1_with_its_code() {
    let f = fixture("rejected");
    let expired = Key::a().token("k1", &support::with_exp(NOW - 1));
    let out = edgejwt(&verify_args(&f, &["--json", &expired]), None);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(
        (v["valid"].clone(), v["error"].clone()),
        (Value::Bool(false), Value::from("expired"))
    );
    assert!(v["message"].as_str().unwrap().contains("expired"));
    let out = edgejwt(&verify_args(&f, &["garbage"]), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("malformed"));
}

#[test]
fn tokens_from_stdin_and_files_lose_surrounding_whitespace_and_a_bearer_prefix() {
    let f = fixture("stdin");
    let token = Key::a().token("k1", &access_claims());
    for input in [
        format!("{token}\n"),
        format!("{token}\r\n"),
        format!("{token}\n\n"),
        format!(" {token}\n"),
    ] {
        let out = edgejwt(&verify_args(&f, &["-"]), Some(&input));
        assert_eq!(out.status.code(), Some(0), "{input:?}");
    }
    // A header value pasted whole: the prefix goes, and the command says so.
    let out = edgejwt(&verify_args(&f, &[&format!("Bearer {token}")]), None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Bearer"));
    // @FILE reads the token from a file.
    let file = std::env::temp_dir().join(format!("edgejwt-cli-token-{}", std::process::id()));
    std::fs::write(&file, format!("bearer {token}\n")).unwrap();
    let at_file = format!("@{}", file.display());
    assert_eq!(
        edgejwt(&verify_args(&f, &[&at_file]), None).status.code(),
        Some(0)
    );
    assert_eq!(
        edgejwt(&verify_args(&f, &["@/nonexistent/token"]), None)
            .status
            .code(),
        Some(2)
    );
    // Whitespace inside a token is not trimmed away: still malformed.
    let (head, rest) = token.split_at(10);
    let out = edgejwt(
        &verify_args(&f, &["--json", &format!("{head} {rest}")]),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("\"malformed\""));
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let f = fixture("usage");
    let token = Key::a().token("k1", &access_claims());
    for args in [
        vec!["verify", &token], // no issuer
        vec![
            "verify",
            "--user-pool-id",
            "nonsense",
            "--token-use",
            "access",
            "--client-id",
            "c",
            &token,
        ],
        vec![
            "verify",
            "--user-pool-id",
            POOL,
            "--client-id",
            "c",
            "--jwks-file",
            &f.jwks_file,
            &token,
        ], // no token use
        vec![
            "verify",
            "--user-pool-id",
            POOL,
            "--token-use",
            "access",
            "--jwks-file",
            &f.jwks_file,
            &token,
        ], // no client id
        vec![
            "verify",
            "--issuer",
            "https://i.example",
            "--jwks-file",
            &f.jwks_file,
            &token,
        ], // no audience
        vec![
            "verify",
            "--user-pool-id",
            POOL,
            "--issuer",
            "https://i",
            &token,
        ], // both
        vec![
            "verify",
            "--user-pool-id",
            POOL,
            "--token-use",
            "nope",
            &token,
        ],
        vec![
            "verify",
            "--user-pool-id",
            POOL,
            "--token-use",
            "access",
            "--client-id",
            "c",
            "--jwks-file",
            "/nonexistent/jwks.json",
            &token,
        ],
        vec![
            "verify",
            "--user-pool-id",
            POOL,
            "--token-use",
            "access",
            "--client-id",
            "c",
            "--jwks-url",
            "http://example.com/jwks",
            &token,
        ],
        vec!["frobnicate"],
    ] {
        let out = edgejwt(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
    }
}

#[test]
fn jwks_errors_exit_2() {
    let dir = std::env::temp_dir().join(format!("edgejwt-cli-badjwks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"keys\":").unwrap();
    let token = Key::a().token("k1", &access_claims());
    let bad = bad.display().to_string();
    let now = NOW.to_string();
    let out = edgejwt(
        &access_args(["--jwks-file", &bad], &["--now", &now, &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // A JWKS URL nobody answers: jwks_unavailable.
    let server = Server::start(Reply::Status(503));
    let url = server.jwks_url();
    let out = edgejwt(
        &access_args(["--jwks-url", &url], &["--now", &now, "--json", &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["error"], "jwks_unavailable");
}

#[test]
fn verify_over_http_with_jwks_url() {
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    let url = server.jwks_url();
    let now = NOW.to_string();
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(
        &access_args(["--jwks-url", &url], &["--now", &now, &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(server.hits(), 1);
}

#[test]
fn groups_scopes_and_leeway_flags_apply() {
    let f = fixture("flags");
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(
        &verify_args(&f, &["--scope", "orders/write", "--json", &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("scope_mismatch"));
    let out = edgejwt(
        &verify_args(&f, &["--group", "admins", "--json", &token]),
        None,
    );
    assert!(stdout(&out).contains("group_mismatch"));
    let late = Key::a().token("k1", &support::with_exp(NOW - 5));
    assert_eq!(
        edgejwt(&verify_args(&f, &[&late]), None).status.code(),
        Some(1)
    );
    assert_eq!(
        edgejwt(&verify_args(&f, &["--leeway", "10", &late]), None)
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn oidc_issuer_with_audience() {
    let f = fixture("oidc");
    let claims = serde_json::json!({ "iss": "https://login.example", "aud": ["api", "web"], "exp": NOW + 60 });
    let token = Key::a().token("k1", &claims);
    let base = [
        "verify",
        "--issuer",
        "https://login.example",
        "--jwks-file",
        &f.jwks_file,
        "--now",
        &f.now,
    ];
    let ok: Vec<&str> = base
        .iter()
        .copied()
        .chain(["--audience", "web", &token])
        .collect();
    assert_eq!(edgejwt(&ok, None).status.code(), Some(0));
    let wrong: Vec<&str> = base
        .iter()
        .copied()
        .chain(["--audience", "other", &token])
        .collect();
    assert_eq!(edgejwt(&wrong, None).status.code(), Some(1));
}

#[test]
fn inspect_is_labelled_unverified() {
    let token = Key::b().token("anything", &access_claims());
    let out = edgejwt(&["inspect", &token], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("UNVERIFIED"));
    assert!(text.contains("\"username\": \"alice\""));
    assert_eq!(
        edgejwt(&["inspect", "not.a.token"], None).status.code(),
        Some(1)
    );
    assert_eq!(
        edgejwt(&["inspect", "-"], Some(&format!("{token}\n")))
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn demo_runs_end_to_end() {
    let out = edgejwt(&["demo"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    for code in [
        "bad_signature",
        "expired",
        "client_id_mismatch",
        "token_use_mismatch",
        "unknown_kid",
    ] {
        assert!(text.contains(code), "{code} missing from the demo report");
    }
    assert!(text.contains("every verdict as expected"));
}

/// `verify` for the test pool's access tokens, keys from `source` (`--jwks-file PATH` or
/// `--jwks-url URL`), then `extra`.
fn access_args<'a>(source: [&'a str; 2], extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "verify",
        "--user-pool-id",
        POOL,
        "--token-use",
        "access",
        "--client-id",
        CLIENT,
    ];
    args.extend_from_slice(&source);
    args.extend_from_slice(extra);
    args
}

fn json_verdict(out: &Output) -> Value {
    serde_json::from_str(stdout(out).trim()).unwrap()
}

#[test]
fn an_unusable_jwks_file_reports_a_jwks_code_not_usage() {
    let dir = std::env::temp_dir().join(format!("edgejwt-cli-unusable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let token = Key::a().token("k1", &access_claims());
    let now = NOW.to_string();
    let cases: [(&str, &[u8], &str); 3] = [
        ("truncated.json", b"{\"keys\":", "jwks_invalid"),
        ("not-utf8.json", b"{\"keys\":[\"\xFF\"]}", "jwks_invalid"),
        ("not-a-jwks.json", b"[1,2,3]", "jwks_invalid"),
    ];
    let mut files: Vec<(String, &str)> = cases
        .iter()
        .map(|(name, bytes, code)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            (path.display().to_string(), *code)
        })
        .collect();
    files.push(("/nonexistent/jwks.json".into(), "jwks_unavailable"));
    for (file, code) in &files {
        let args = access_args(["--jwks-file", file], &["--now", &now, "--json", &token]);
        let out = edgejwt(&args, None);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_eq!(json_verdict(&out)["error"], *code, "{file}");
    }
}

#[test]
fn a_jwks_file_with_an_escaped_use_enc_member_refuses_the_key() {
    let f = fixture("escaped-use");
    let text = jwks(&[Key::a().jwk("k1", serde_json::json!({}))]).replacen(
        "\"use\":\"sig\"",
        r#""u\u0073e":"enc""#,
        1,
    );
    assert!(text.contains(r"u\u0073e"));
    std::fs::write(&f.jwks_file, text).unwrap();
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_verdict(&out)["error"], "key_rejected");
}

#[test]
fn a_malformed_key_beside_a_good_one_does_not_stop_verification() {
    let f = fixture("malformed-key");
    let text = format!(
        "{{\"keys\":[null,{{\"kty\":\"RSA\",\"kid\":\"odd\",\"n\":5,\"e\":\"AQAB\"}},{}]}}",
        Key::a().jwk("k1", serde_json::json!({}))
    );
    std::fs::write(&f.jwks_file, text).unwrap();
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let odd = Key::a().token("odd", &access_claims());
    let out = edgejwt(&verify_args(&f, &["--json", &odd]), None);
    assert_eq!(json_verdict(&out)["error"], "key_rejected");
}

#[test]
fn sub_second_expiry_is_enforced_from_the_command_line() {
    let f = fixture("subsecond");
    let mut claims = access_claims();
    claims["exp"] = serde_json::json!(NOW as f64 + 100.5);
    let token = Key::a().token("k1", &claims);
    for (now, exit, code) in [
        (format!("{}.499", NOW + 100), 0, None),
        (format!("{}.5", NOW + 100), 1, Some("expired")),
        (format!("{}.8", NOW + 100), 1, Some("expired")),
    ] {
        let mut args = verify_args(&f, &["--json", &token]);
        let at = args.iter().position(|a| *a == "--now").unwrap() + 1;
        args[at] = &now;
        let out = edgejwt(&args, None);
        assert_eq!(out.status.code(), Some(exit), "{now}");
        if let Some(code) = code {
            assert_eq!(json_verdict(&out)["error"], code, "{now}");
        }
    }
    let mut args = verify_args(&f, &[&token]);
    let at = args.iter().position(|a| *a == "--now").unwrap() + 1;
    for bad in ["1.5e9", "-1", "1700000000.0001", "soon"] {
        args[at] = bad;
        assert_eq!(edgejwt(&args, None).status.code(), Some(2), "{bad}");
    }
}

#[test]
fn a_garbage_token_is_malformed_without_fetching_the_jwks() {
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    let url = server.jwks_url();
    for garbage in ["garbage", "x.y.z", "e30.e30.c2ln"] {
        let args = access_args(["--jwks-url", &url], &["--json", garbage]);
        let out = edgejwt(&args, None);
        assert_eq!(out.status.code(), Some(1), "{garbage}");
        assert_eq!(json_verdict(&out)["error"], "malformed", "{garbage}");
    }
    assert_eq!(server.hits(), 0);
}

#[test]
fn a_header_with_more_members_than_the_validator_holds_is_too_large() {
    let f = fixture("members");
    let members: String = (0..1000).map(|i| format!(",\"m{i}\":0")).collect();
    let header = format!("{{\"alg\":\"RS256\",\"kid\":\"k1\"{members}}}");
    let token = Key::a().token_with_header(&header, &access_claims());
    assert!(token.len() < 16 * 1024);
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_verdict(&out)["error"], "too_large");
}

#[test]
fn a_duplicate_among_escaped_header_names_is_malformed_on_the_command_line() {
    let f = fixture("escaped-duplicates");
    let names: String = (0..200)
        .map(|i| {
            let escaped: String = format!("n{i:05}")
                .chars()
                .map(|c| format!("\\u{:04x}", c as u32))
                .collect();
            format!(",\"{escaped}\":0")
        })
        .collect();
    let header = format!("{{\"alg\":\"RS256\",\"kid\":\"k1\"{names}}}");
    let token = Key::a().token_with_header(&header, &access_claims());
    assert_eq!(
        edgejwt(&verify_args(&f, &[&token]), None).status.code(),
        Some(0)
    );
    let repeated = format!("{},\"n00150\":1}}", &header[..header.len() - 1]);
    let token = Key::a().token_with_header(&repeated, &access_claims());
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    assert_eq!(json_verdict(&out)["error"], "malformed");
}

#[test]
fn a_key_with_a_64_bit_public_exponent_verifies_on_the_command_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/generated/e64_rs256.json"
    );
    let vector: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let f = fixture("e64");
    std::fs::write(&f.jwks_file, format!("{{\"keys\":[{}]}}", vector["jwk"])).unwrap();
    let token = vector["token"].as_str().unwrap();
    let args = [
        "verify",
        "--user-pool-id",
        "us-east-1_TestPool1",
        "--token-use",
        "access",
        "--client-id",
        "client-abc",
        "--jwks-file",
        &f.jwks_file,
        "--now",
        "1700000000",
        "--json",
        token,
    ];
    let out = edgejwt(&args, None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// A JWKS file holding `jwk` under the fixture's directory.
fn fixture_with(name: &str, jwk: Value) -> Fixture {
    let f = fixture(name);
    std::fs::write(&f.jwks_file, jwks(&[jwk])).unwrap();
    f
}

#[test]
fn every_algorithm_verifies_from_the_command_line_when_allowed_with_alg() {
    use edgejwt_testkit::OtherKey;
    let keys = [
        OtherKey::p256("cli p256"),
        OtherKey::p384("cli p384"),
        OtherKey::p521("cli p521"),
        OtherKey::ed25519("cli ed25519"),
    ];
    for key in &keys {
        let f = fixture_with(
            &format!("alg-{}", key.alg()),
            key.jwk("k1", serde_json::json!({})),
        );
        let token = key.token("k1", &access_claims());
        // The default allow-list is RS256 only: exit 1, unsupported_algorithm.
        let refused = edgejwt(&verify_args(&f, &["--json", &token]), None);
        assert_eq!(refused.status.code(), Some(1), "{}", key.alg());
        assert_eq!(json_verdict(&refused)["error"], "unsupported_algorithm");
        let out = edgejwt(
            &verify_args(&f, &["--alg", key.alg(), "--json", &token]),
            None,
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            key.alg(),
            stdout(&out)
        );
        assert_eq!(json_verdict(&out)["header"]["alg"], key.alg());
    }
    let f = fixture("alg-ps");
    let header = r#"{"alg":"PS256","kid":"k1"}"#;
    let token = Key::a().sign_text("PS256", header, &access_claims().to_string());
    // --alg is repeatable; key A's JWK says RS256, so PS256 with it is key_rejected.
    let out = edgejwt(
        &verify_args(&f, &["--alg", "RS256", "--alg", "PS256", "--json", &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_verdict(&out)["error"], "key_rejected");
    let f = fixture_with(
        "alg-ps-ok",
        Key::a().jwk("k1", serde_json::json!({"alg": "PS256"})),
    );
    let out = edgejwt(
        &verify_args(&f, &["--alg", "RS256", "--alg", "PS256", &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn an_es256_token_against_an_rsa_key_is_key_rejected_on_the_command_line() {
    let f = fixture("alg-confusion");
    let token = edgejwt_testkit::OtherKey::p256("attacker").token("k1", &access_claims());
    let out = edgejwt(
        &verify_args(&f, &["--alg", "RS256", "--alg", "ES256", "--json", &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_verdict(&out)["error"], "key_rejected");
}

#[test]
fn keys_sharing_a_kid_are_told_apart_by_the_tokens_algorithm_on_the_command_line() {
    use edgejwt_testkit::OtherKey;
    let ec = OtherKey::p256("cli shared kid");
    let f = fixture("shared-kid");
    // RFC 7517 4.5: an RSA and an EC key under one kid, the RSA key first.
    let set = jwks(&[
        Key::a().jwk("k1", serde_json::json!({})),
        ec.jwk("k1", serde_json::json!({})),
    ]);
    std::fs::write(&f.jwks_file, set).unwrap();
    let both = ["--alg", "RS256", "--alg", "ES256", "--json"];
    for token in [
        ec.token("k1", &access_claims()),
        Key::a().token("k1", &access_claims()),
    ] {
        let mut extra = both.to_vec();
        extra.push(&token);
        let out = edgejwt(&verify_args(&f, &extra), None);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    }
    // A P-384 token under that kid finds no key of its kind: refused at key policy.
    let p384 = OtherKey::p384("cli shared kid").token_as("ES384", "k1", &access_claims());
    let out = edgejwt(
        &verify_args(&f, &["--alg", "ES256", "--alg", "ES384", "--json", &p384]),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_verdict(&out)["error"], "key_rejected");
}

#[test]
fn unknown_or_secret_key_algorithms_are_usage_errors() {
    let f = fixture("alg-unknown");
    let token = Key::a().token("k1", &access_claims());
    for alg in ["HS256", "none", "rs256", "ES256K", "Ed448"] {
        let out = edgejwt(&verify_args(&f, &["--alg", alg, &token]), None);
        assert_eq!(out.status.code(), Some(2), "--alg {alg}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not an algorithm"),
            "--alg {alg}"
        );
    }
}

#[test]
fn several_pools_on_the_command_line_are_chosen_by_the_tokens_iss() {
    // Real pool ids: the choice of issuer comes before any key, so these verdicts need no
    // network (one --jwks-url could only name one issuer's keys).
    let several = |token: &str| {
        edgejwt(
            &[
                "verify",
                "--user-pool-id",
                "eu-west-1_OtherPool1",
                "--user-pool-id",
                POOL,
                "--issuer",
                "https://login.example.com",
                "--token-use",
                "access",
                "--client-id",
                CLIENT,
                "--audience",
                "api",
                "--json",
                token,
            ],
            None,
        )
    };
    let mut claims = access_claims();
    claims["iss"] =
        serde_json::json!("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Nobody1");
    let stranger = Key::a().token("k1", &claims);
    let out = several(&stranger);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(json_verdict(&out)["error"], "issuer_mismatch");
    let out = several("not-a-token");
    assert_eq!(json_verdict(&out)["error"], "malformed");
    // With several issuers, one --jwks-url or --jwks-file is refused: each fetches its own.
    let f = fixture("multi");
    let out = edgejwt(
        &[
            "verify",
            "--user-pool-id",
            POOL,
            "--issuer",
            "https://login.example.com",
            "--token-use",
            "access",
            "--client-id",
            CLIENT,
            "--audience",
            "api",
            "--jwks-file",
            &f.jwks_file,
            "x.y.z",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // The same pool twice is a configuration error too.
    let out = edgejwt(
        &[
            "verify",
            "--user-pool-id",
            POOL,
            "--user-pool-id",
            POOL,
            "--token-use",
            "access",
            "--client-id",
            CLIENT,
            "x.y.z",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

mod alb {
    //! `edgejwt verify --alb-arn`: ALB's padded tokens, keys per kid from a key server.
    use super::*;
    use edgejwt_testkit::OtherKey;
    use serde_json::json;

    const ARN: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    const IDP: &str = "https://idp.example/";
    const KID: &str = "11111111-2222-4333-8444-555555555555";

    fn key() -> OtherKey {
        OtherKey::p256("edgejwt cli alb key")
    }

    fn token(header_changes: serde_json::Value) -> String {
        let mut header = json!({"typ": "JWT", "kid": KID, "alg": "ES256", "iss": IDP,
                                "client": "web", "signer": ARN, "exp": NOW + 60});
        for (name, value) in header_changes.as_object().unwrap() {
            header[name] = value.clone();
        }
        let payload = json!({"sub": "u1", "exp": NOW + 60, "iss": IDP});
        key().alb_token(&header, &payload)
    }

    fn run(server: &Server, token: &str, extra: &[&str]) -> (Output, Value) {
        let now = NOW.to_string();
        let mut args = vec![
            "verify",
            "--alb-arn",
            ARN,
            "--issuer",
            IDP,
            "--alb-keys-url",
            &server.base,
            "--now",
            &now,
            "--json",
        ];
        args.extend_from_slice(extra);
        args.push(token);
        let out = edgejwt(&args, None);
        let value: Value = serde_json::from_str(&stdout(&out)).unwrap();
        (out, value)
    }

    #[test]
    fn a_compact_point_key_verifies_nothing_though_its_compressed_form_does() {
        for (pem, expected) in [
            (key().p256_spki_pem_x_only(None), None),
            (key().p256_spki_pem_x_only(Some(0x05)), Some("unknown_kid")),
        ] {
            let server = Server::start(Reply::Routes(vec![
                (format!("/{KID}"), Reply::Json(pem, None)),
                ("/".into(), Reply::Status(404)),
            ]));
            let (out, value) = run(&server, &token(json!({})), &["--client-id", "web"]);
            match expected {
                None => assert_eq!(out.status.code(), Some(0), "{value}"),
                Some(code) => {
                    assert_eq!(out.status.code(), Some(1), "{value}");
                    assert_eq!(value["error"], code);
                }
            }
        }
    }

    #[test]
    fn an_alb_token_verifies_with_its_key_fetched_by_kid() {
        let server = Server::start(Reply::Routes(vec![
            (format!("/{KID}"), Reply::Json(key().spki_pem(), None)),
            ("/".into(), Reply::Status(404)),
        ]));
        let (out, value) = run(&server, &token(json!({})), &["--client-id", "web"]);
        assert_eq!(out.status.code(), Some(0), "{value}");
        assert_eq!(value["claims"]["sub"], "u1");
        assert_eq!(server.hits(), 1);
        let (out, value) = run(
            &server,
            &token(json!({"client": "other"})),
            &["--client-id", "web"],
        );
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(value["error"], "client_id_mismatch");
        let other = "arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/x/1";
        let (_, value) = run(&server, &token(json!({"signer": other})), &["--any-client"]);
        assert_eq!(value["error"], "signer_mismatch");
        let (_, value) = run(
            &server,
            &token(json!({"kid": "../../x"})),
            &["--any-client"],
        );
        assert_eq!(value["error"], "missing_kid");
        let (out, value) = run(
            &server,
            &token(json!({"client": "other"})),
            &["--any-client"],
        );
        assert_eq!(out.status.code(), Some(0), "{value}");
        // Only the two runs that got past the header rules fetched (a process each).
        assert_eq!(server.hits(), 2);
    }

    #[test]
    fn alb_flags_that_do_not_fit_are_usage_errors() {
        let server = Server::start(Reply::Status(404));
        for extra in [
            vec![],                                          // neither --client-id nor --any-client
            vec!["--client-id", "web", "--audience", "x"],   // an OIDC flag
            vec!["--client-id", "web", "--token-use", "id"], // a Cognito flag
        ] {
            let (out, value) = run(&server, &token(json!({})), &extra);
            assert_eq!(out.status.code(), Some(2), "{extra:?}: {value}");
            assert_eq!(value["error"], "usage");
        }
        let out = edgejwt(
            &[
                "verify",
                "--alb-arn",
                "arn:aws:nope",
                "--issuer",
                IDP,
                "--any-client",
                "x.y.z",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(server.hits(), 0);
    }
}

#[test]
fn a_rejection_says_which_claim_and_what_was_expected() {
    let f = fixture("assertion");
    let mut claims = access_claims();
    claims["client_id"] = "someone-else".into();
    let token = Key::a().token("k1", &claims);
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["error"], "client_id_mismatch");
    assert_eq!(v["failed_assertion"]["claim"], "client_id");
    assert_eq!(v["failed_assertion"]["actual"], "someone-else");
    assert_eq!(
        v["failed_assertion"]["expected"],
        serde_json::json!([CLIENT])
    );
    assert!(v["message"].as_str().unwrap().contains("expected"), "{v}");
    // Text output says the same.
    let out = edgejwt(&verify_args(&f, &[&token]), None);
    let text = stdout(&out);
    assert!(
        text.contains("client_id: \"someone-else\", expected std-client"),
        "{text}"
    );
    // A missing claim names the claim.
    let mut claims = access_claims();
    claims.as_object_mut().unwrap().remove("token_use");
    let token = Key::a().token("k1", &claims);
    let out = edgejwt(&verify_args(&f, &["--json", &token]), None);
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(
        (v["error"].as_str(), v["claim"].as_str()),
        (Some("missing_claim"), Some("token_use"))
    );
}

#[test]
fn any_client_is_an_explicit_flag_and_refused_beside_client_ids() {
    let f = fixture("any-client");
    let mut claims = access_claims();
    claims["client_id"] = "someone-else".into();
    let token = Key::a().token("k1", &claims);
    let now = NOW.to_string();
    let base = [
        "verify",
        "--user-pool-id",
        POOL,
        "--token-use",
        "access",
        "--jwks-file",
        &f.jwks_file,
        "--now",
        &now,
    ];
    let mut args = base.to_vec();
    args.extend(["--any-client", token.as_str()]);
    assert_eq!(edgejwt(&args, None).status.code(), Some(0));
    let mut args = base.to_vec();
    args.extend(["--any-client", "--client-id", CLIENT, token.as_str()]);
    assert_eq!(edgejwt(&args, None).status.code(), Some(2));
    let mut args = base.to_vec();
    args.push(token.as_str());
    assert_eq!(
        edgejwt(&args, None).status.code(),
        Some(2),
        "no client id and no opt-out"
    );
}

#[test]
fn a_jwks_fetch_failure_says_why_in_text_and_json() {
    let token = Key::a().token("k1", &access_claims());
    let now = NOW.to_string();
    let server = Server::start(Reply::Status(503));
    let url = server.jwks_url();
    let out = edgejwt(
        &access_args(["--jwks-url", &url], &["--now", &now, "--json", &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let v = json_verdict(&out);
    assert_eq!(v["error"], "jwks_unavailable");
    assert_eq!(v["fetch_failure"]["kind"], "http_status");
    assert_eq!(v["fetch_failure"]["url"], url.as_str());
    assert!(v["message"].as_str().unwrap().contains("503"), "{v}");

    // Nothing listens on the port: connection refused, said in the text output too.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = format!("http://127.0.0.1:{port}/jwks.json");
    let out = edgejwt(
        &access_args(["--jwks-url", &closed], &["--now", &now, &token]),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out).to_ascii_lowercase();
    assert!(
        text.contains("jwks_unavailable") && text.contains("refused"),
        "{text}"
    );
}

#[test]
fn an_expired_token_says_when_in_utc_and_relative_terms() {
    let f = fixture("expired-when");
    let expired = Key::a().token("k1", &support::with_exp(NOW - 3 * 3600));
    let out = edgejwt(&verify_args(&f, &[&expired]), None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("expired 3 h ago"), "{text}");
    assert!(text.contains("2023-11-14 19:13:20 UTC"), "{text}");
}

#[test]
fn a_valid_token_shows_its_dates_in_utc() {
    let f = fixture("valid-dates");
    let token = Key::a().token("k1", &access_claims());
    let out = edgejwt(&verify_args(&f, &[&token]), None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    // exp is NOW + 2 days, iat NOW - 10 s.
    assert!(
        text.contains("exp: 1700172800 = 2023-11-16 22:13:20 UTC (in 2 d)"),
        "{text}"
    );
    assert!(
        text.contains("iat: 1699999990 = 2023-11-14 22:13:10 UTC (10 s ago)"),
        "{text}"
    );
}

#[test]
fn inspect_json_is_one_object_labelled_unverified_with_dates() {
    let token = Key::b().token("anything", &access_claims());
    let out = edgejwt(&["inspect", "--json", &token], None);
    assert_eq!(out.status.code(), Some(0));
    let v = json_verdict(&out);
    assert_eq!(v["verified"], false);
    assert!(v["note"].as_str().unwrap().contains("NOT checked"));
    assert_eq!(v["header"]["kid"], "anything");
    assert_eq!(v["claims"]["username"], "alice");
    assert_eq!(v["dates"]["exp"]["unix"], NOW + 86_400 * 2);
    assert_eq!(v["dates"]["exp"]["utc"], "2023-11-16 22:13:20 UTC");
    let out = edgejwt(&["inspect", "--json", "not.a.token"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_verdict(&out)["error"], "malformed");
}

#[test]
fn verbose_and_rust_log_show_the_fetch_events_on_stderr() {
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    let url = server.jwks_url();
    let now = NOW.to_string();
    let token = Key::a().token("k1", &access_claims());
    let args = access_args(["--jwks-url", &url], &["--now", &now, &token]);
    let quiet = edgejwt(&args, None);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("JWKS fetched"));

    let mut verbose = vec!["-v"];
    verbose.extend_from_slice(&args);
    let out = edgejwt(&verbose, None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JWKS fetched"));

    let out = Command::new(env!("CARGO_BIN_EXE_edgejwt"))
        .args(&args)
        .env("RUST_LOG", "edgejwt=info")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JWKS fetched"));

    let out = Command::new(env!("CARGO_BIN_EXE_edgejwt"))
        .args(&args)
        .env("RUST_LOG", "edgejwt=loud")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a filter we cannot read is refused"
    );
}

#[test]
fn cognito_rules_against_a_local_emulator_issuer() {
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    let issuer = format!("{}/local_5OCW0lGw", server.base);
    let mut claims = access_claims();
    claims["iss"] = serde_json::json!(issuer);
    let token = Key::a().token("k1", &claims);
    let now = NOW.to_string();
    let run = |token_use: &str, client: &str| {
        edgejwt(
            &[
                "verify",
                "--issuer",
                &issuer,
                "--token-use",
                token_use,
                "--client-id",
                client,
                "--now",
                &now,
                "--json",
                &token,
            ],
            None,
        )
    };
    let out = run("access", CLIENT);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        server.hits(),
        1,
        "keys from {{issuer}}/.well-known/jwks.json"
    );
    assert_eq!(
        json_verdict(&run("id", CLIENT))["error"],
        "token_use_mismatch"
    );
    assert_eq!(
        json_verdict(&run("access", "other"))["error"],
        "client_id_mismatch"
    );
    // Plain http is for loopback only.
    let out = edgejwt(
        &[
            "verify",
            "--issuer",
            "http://cognito.internal:9229/local_x",
            "--token-use",
            "access",
            "--client-id",
            CLIENT,
            &token,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}
