//! The AWS Application Load Balancer profile: the rules only ALB's `x-amzn-oidc-data`
//! tokens get (header `signer`, `client`, `exp`; a UUID `kid`; the key server's address).
//!
//! Facts (AWS ALB user guide, "User claims encoding and signature verification"): ES256,
//! a header `{"alg","kid","signer","iss","client","exp","typ"}`, base64url segments that
//! may end in `=` padding (the signature covers them as sent; [`crate::token`] accepts
//! canonical padding for this profile only), and one PEM public key per `kid` at
//! `https://public-keys.auth.elb.{region}.amazonaws.com/{kid}`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::claims::{Claims, NumericDate};
use crate::{ConfigError, Error};

/// What an ALB policy checks in the header, beside the issuer of [`Policy`](crate::Policy).
#[derive(Debug, Clone)]
pub(crate) struct AlbRules {
    /// The load balancer ARNs `signer` must equal (exactly).
    pub(crate) signers: Vec<String>,
    /// The client ids `client` must equal; `None`: not checked (explicit opt-out).
    pub(crate) client_ids: Option<Vec<String>>,
}

/// True for a UUID in its canonical text form (8-4-4-4-12 hex digits, either case): the
/// only `kid` an ALB token may carry, because it becomes the last segment of a URL.
pub(crate) fn is_uuid(kid: &str) -> bool {
    let bytes = kid.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Step 3 for ALB tokens, before any key is looked up or fetched: a UUID `kid`, `signer`
/// one of the configured ARNs, `client` one of the client ids (unless opted out), the
/// header's `iss` (when present) the configured issuer, and an `exp` that is a number
/// (its time is judged with the payload's, in [`header_exp`]).
pub(crate) fn check_header(header_json: &str, rules: &AlbRules, issuer: &str) -> Result<(), Error> {
    let header = Claims::new(header_json);
    let kid = header.string("kid")?.ok_or(Error::MissingKid)?;
    if !is_uuid(&kid.to_cow()) {
        // aws-jwt-verify's JwtWithoutValidKidError: no key can be chosen by this kid.
        return Err(Error::MissingKid);
    }
    let signer = header.string("signer")?.ok_or(Error::MissingClaim)?;
    if !rules.signers.iter().any(|arn| signer.eq_str(arn)) {
        return Err(Error::SignerMismatch);
    }
    if let Some(client_ids) = &rules.client_ids {
        let client = header.string("client")?.ok_or(Error::MissingClaim)?;
        if !client_ids.iter().any(|id| client.eq_str(id)) {
            return Err(Error::ClientIdMismatch);
        }
    }
    if let Some(iss) = header.string("iss")? {
        if !iss.eq_str(issuer) {
            return Err(Error::IssuerMismatch);
        }
    }
    header_exp(header_json).map(|_| ())
}

/// The header's `exp` (required in this profile), judged like the payload's.
pub(crate) fn header_exp(header_json: &str) -> Result<NumericDate, Error> {
    Claims::new(header_json)
        .date("exp")?
        .ok_or(Error::MissingClaim)
}

/// The partition and region of a load balancer ARN
/// (`arn:{aws|aws-cn|aws-us-gov}:elasticloadbalancing:{region}:{account}:loadbalancer/...`).
fn partition_and_region(arn: &str) -> Result<(&str, &str), ConfigError> {
    let mut parts = arn.splitn(6, ':');
    let (
        Some("arn"),
        Some(partition),
        Some("elasticloadbalancing"),
        Some(region),
        Some(account),
        Some(resource),
    ) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    )
    else {
        return Err(ConfigError::InvalidAlbArn);
    };
    let region_ok = region.split('-').count() >= 3
        && region.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && region.ends_with(|c: char| c.is_ascii_digit());
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if !matches!(partition, "aws" | "aws-cn" | "aws-us-gov")
        || !region_ok
        || !account_ok
        || !resource.starts_with("loadbalancer/")
    {
        return Err(ConfigError::InvalidAlbArn);
    }
    Ok((partition, region))
}

/// Checks a load balancer ARN as [`Policy::alb`](crate::Policy::alb)'s `signer` does.
pub(crate) fn check_arn(arn: &str) -> Result<(), ConfigError> {
    partition_and_region(arn).map(|_| ())
}

/// Where ALB publishes the public keys for the load balancers `arns` (all in one region):
/// `https://public-keys.auth.elb.{region}.amazonaws.com` (`.amazonaws.com.cn` in China);
/// AWS GovCloud (US) serves them from S3,
/// `https://s3-{region}.amazonaws.com/aws-elb-public-keys-prod-{region}`. The key of `kid`
/// is at `{this}/{kid}`.
///
/// ```
/// let arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
/// assert_eq!(edgejwt_core::alb_keys_url(&[arn])?, "https://public-keys.auth.elb.eu-west-1.amazonaws.com");
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub fn alb_keys_url(arns: &[&str]) -> Result<String, ConfigError> {
    let mut found: Option<(&str, &str)> = None;
    for arn in arns {
        let here = partition_and_region(arn)?;
        match found {
            Some(first) if first != here => return Err(ConfigError::AlbRegionsDiffer),
            _ => found = Some(here),
        }
    }
    let (partition, region) = found.ok_or(ConfigError::NoAlbArns)?;
    Ok(match partition {
        "aws-us-gov" => {
            format!("https://s3-{region}.amazonaws.com/aws-elb-public-keys-prod-{region}")
        }
        "aws-cn" => format!("https://public-keys.auth.elb.{region}.amazonaws.com.cn"),
        _ => format!("https://public-keys.auth.elb.{region}.amazonaws.com"),
    })
}

/// The URL of one key: `{base}/{kid}`, for a UUID `kid` only (nothing else may reach the
/// fetcher); `None` otherwise.
pub(crate) fn key_url(base: &str, kid: &str) -> Option<String> {
    is_uuid(kid).then(|| format!("{}/{kid}", base.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188";

    #[test]
    fn only_canonical_uuids_are_kids() {
        assert!(is_uuid("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"));
        assert!(is_uuid("6A7B8C9D-0E1F-4A2B-8C3D-4E5F6A7B8C9D"));
        for bad in [
            "",
            "6a7b8c9d0e1f4a2b8c3d4e5f6a7b8c9d",
            "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9",
            "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d0",
            "6a7b8c9d-0e1f-4a2b-8c3d/4e5f6a7b8c9d",
            "../../../../../../../../etc/passwd00",
            "6a7b8c9d-0e1f-4a2b-8c3d-%2F5f6a7b8c9",
            "https://evil.example/6a7b8c9d-0e1f-4",
            "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9g",
            "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c\u{e9}",
        ] {
            assert!(!is_uuid(bad), "{bad}");
            assert_eq!(key_url("https://k", bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_url_follows_the_partition_and_region() {
        assert_eq!(
            alb_keys_url(&[ARN]).unwrap(),
            "https://public-keys.auth.elb.us-east-1.amazonaws.com"
        );
        let gov =
            "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/a/1";
        assert_eq!(
            alb_keys_url(&[gov]).unwrap(),
            "https://s3-us-gov-west-1.amazonaws.com/aws-elb-public-keys-prod-us-gov-west-1"
        );
        let cn = "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:loadbalancer/app/a/1";
        assert_eq!(
            alb_keys_url(&[cn]).unwrap(),
            "https://public-keys.auth.elb.cn-north-1.amazonaws.com.cn"
        );
        let west = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/b/2";
        assert_eq!(
            alb_keys_url(&[ARN, west]),
            Err(ConfigError::AlbRegionsDiffer)
        );
        assert_eq!(alb_keys_url(&[]), Err(ConfigError::NoAlbArns));
    }

    #[test]
    fn arns_are_checked() {
        for bad in [
            "",
            "arn:aws:elasticloadbalancing",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012",
            "arn:aws:s3:us-east-1:123456789012:loadbalancer/app/a/1",
            "arn:evil:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1",
            "arn:aws:elasticloadbalancing:evil.example/x:123456789012:loadbalancer/app/a/1",
            "arn:aws:elasticloadbalancing:US-EAST-1:123456789012:loadbalancer/app/a/1",
            "arn:aws:elasticloadbalancing:us-east-1:12345:loadbalancer/app/a/1",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/1",
        ] {
            assert_eq!(check_arn(bad), Err(ConfigError::InvalidAlbArn), "{bad}");
        }
        assert_eq!(check_arn(ARN), Ok(()));
    }

    #[test]
    fn key_urls_join_base_and_kid() {
        let kid = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
        assert_eq!(
            key_url("https://keys.example/", kid).unwrap(),
            "https://keys.example/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
        );
    }
}
