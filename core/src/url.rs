//! Which JWKS URLs an adapter may fetch: HTTPS, or plain HTTP to loopback when allowed.

use core::fmt;
use core::net::IpAddr;

/// Why a URL may not be fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlRefused {
    /// Not `scheme://host...`.
    NotAbsolute,
    /// Credentials (`user@`) in the URL.
    Credentials,
    /// Plain `http` where only `https` is allowed.
    PlainHttp,
    /// Plain `http` to a host that is not loopback.
    PlainHttpNotLoopback,
    /// A scheme other than `https`/`http`.
    Scheme,
}

impl fmt::Display for UrlRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlRefused::NotAbsolute => "not an absolute URL with a host",
            UrlRefused::Credentials => "credentials in the URL",
            UrlRefused::PlainHttp => "plain http (only https is allowed)",
            UrlRefused::PlainHttpNotLoopback => "plain http to a non-loopback host",
            UrlRefused::Scheme => "unsupported scheme",
        })
    }
}

/// Checks a JWKS (or discovery) URL: `https://`, or `http://` to 127.0.0.0/8,
/// `localhost` or `[::1]` when `allow_http_loopback`.
///
/// ```
/// use edgejwt_core::{check_jwks_url, UrlRefused};
/// assert!(check_jwks_url("https://cognito-idp.us-east-1.amazonaws.com/x", false).is_ok());
/// assert!(check_jwks_url("http://127.0.0.1:8080/jwks.json", true).is_ok());
/// assert_eq!(check_jwks_url("http://127.0.0.1:8080/jwks.json", false), Err(UrlRefused::PlainHttp));
/// assert_eq!(check_jwks_url("http://example.com/jwks.json", true), Err(UrlRefused::PlainHttpNotLoopback));
/// ```
pub fn check_jwks_url(url: &str, allow_http_loopback: bool) -> Result<(), UrlRefused> {
    let (scheme, rest) = url.split_once("://").ok_or(UrlRefused::NotAbsolute)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Err(UrlRefused::NotAbsolute);
    }
    if authority.contains('@') {
        return Err(UrlRefused::Credentials);
    }
    if scheme.eq_ignore_ascii_case("https") {
        Ok(())
    } else if !scheme.eq_ignore_ascii_case("http") {
        Err(UrlRefused::Scheme)
    } else if !allow_http_loopback {
        Err(UrlRefused::PlainHttp)
    } else if is_loopback(authority) {
        Ok(())
    } else {
        Err(UrlRefused::PlainHttpNotLoopback)
    }
}

fn is_loopback(authority: &str) -> bool {
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or("")
    } else {
        authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host)
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_to_a_non_loopback_host_is_refused() {
        for url in [
            "http://example.com/jwks",
            "http://10.0.0.1/jwks",
            "http://127.0.0.1.evil.com/x",
            "http://localhost.evil.com/",
        ] {
            assert_eq!(
                check_jwks_url(url, true),
                Err(UrlRefused::PlainHttpNotLoopback),
                "{url}"
            );
        }
    }

    #[test]
    fn loopback_http_needs_explicit_permission() {
        for url in [
            "http://127.0.0.1:1/x",
            "http://localhost/x",
            "http://[::1]:80/x",
            "http://127.8.9.10/",
        ] {
            assert!(check_jwks_url(url, true).is_ok(), "{url}");
            assert_eq!(
                check_jwks_url(url, false),
                Err(UrlRefused::PlainHttp),
                "{url}"
            );
        }
    }

    #[test]
    fn credentials_and_odd_schemes_are_refused() {
        for url in [
            "https://user:pw@host/x",
            "ftp://host/x",
            "file:///etc/passwd",
            "host/x",
            "https://",
        ] {
            assert!(check_jwks_url(url, true).is_err(), "{url}");
        }
    }
}
