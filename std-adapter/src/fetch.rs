//! Getting JWKS bytes over HTTPS: the `Fetch` trait, the URL rule, and the default client.

use std::fmt;
use std::io::Read;
use std::time::Duration;

/// A fetched document and how long the server says it may be cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The response body as bytes, content-encoding already decoded. The core judges
    /// them ([`KeySet::from_jwks_bytes`](edgejwt_core::KeySet::from_jwks_bytes)), so
    /// every adapter gives a body the same verdict.
    pub body: Vec<u8>,
    /// `Cache-Control: max-age`, in seconds, when the server sent one.
    pub max_age: Option<u64>,
}

/// Why a fetch failed. Every variant leaves the cache serving what it had.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL is not allowed: not HTTPS (plain HTTP only to loopback, when allowed), or
    /// it carries credentials.
    UrlRefused(String),
    /// The server answered with a status other than 200 (redirects are not followed).
    Status(u16),
    /// The body is larger than the cap.
    TooLarge,
    /// The connection or the whole exchange took longer than allowed.
    Timeout,
    /// The host name did not resolve.
    HostNotFound,
    /// No connection: refused, reset or unreachable.
    Connect(String),
    /// The TLS handshake failed (certificate, protocol).
    Tls(String),
    /// Any other transport problem (a corrupt compressed body, a protocol error).
    Transport(String),
}

impl FetchError {
    /// A stable name for the kind of failure (`--json` prints it): `url_refused`,
    /// `http_status`, `too_large`, `timeout`, `host_not_found`, `connect`, `tls`,
    /// `transport`.
    ///
    /// ```
    /// assert_eq!(edgejwt_std::FetchError::Status(503).kind(), "http_status");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::UrlRefused(_) => "url_refused",
            FetchError::Status(_) => "http_status",
            FetchError::TooLarge => "too_large",
            FetchError::Timeout => "timeout",
            FetchError::HostNotFound => "host_not_found",
            FetchError::Connect(_) => "connect",
            FetchError::Tls(_) => "tls",
            FetchError::Transport(_) => "transport",
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::UrlRefused(why) => write!(f, "URL refused: {why}"),
            FetchError::Status(code) => write!(f, "HTTP status {code}"),
            FetchError::TooLarge => f.write_str("response body over the size cap"),
            FetchError::Timeout => f.write_str("timed out"),
            FetchError::HostNotFound => f.write_str("host not found (DNS)"),
            FetchError::Connect(why) => write!(f, "cannot connect: {why}"),
            FetchError::Tls(why) => write!(f, "TLS error: {why}"),
            FetchError::Transport(why) => write!(f, "transport error: {why}"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Something that can GET a URL: the built-in [`HttpFetcher`], or your own client
/// (proxies, custom TLS, tests).
///
/// ```
/// use edgejwt_std::{Fetch, FetchError, Fetched};
/// struct Fixed(&'static str);
/// impl Fetch for Fixed {
///     fn fetch(&self, _url: &str) -> Result<Fetched, FetchError> {
///         Ok(Fetched { body: self.0.as_bytes().to_vec(), max_age: None })
///     }
/// }
/// assert_eq!(Fixed("{}").fetch("https://x").unwrap().body, b"{}");
/// ```
pub trait Fetch: Send + Sync {
    /// GETs `url` and returns the body. Must not follow redirects to other origins.
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError>;
}

/// Limits of the built-in HTTP client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    /// TCP + TLS connect timeout (default 2 s).
    pub connect_timeout: Duration,
    /// Timeout for the whole exchange (default 5 s).
    pub total_timeout: Duration,
    /// Largest accepted body, in decoded bytes (default 64 KiB): a gzip body is refused
    /// as soon as it inflates past the cap, never inflated whole.
    pub max_body_bytes: u64,
    /// Allow plain `http://` to loopback addresses (127.0.0.0/8, `localhost`, `[::1]`);
    /// never to anything else. Default false.
    pub allow_http_loopback: bool,
}

impl Default for HttpOptions {
    fn default() -> Self {
        // The limits every adapter shares, from the core.
        let limits = edgejwt_core::FetchLimits::DEFAULT;
        Self {
            connect_timeout: Duration::from_millis(limits.connect_timeout_ms.into()),
            total_timeout: Duration::from_millis(limits.total_timeout_ms.into()),
            max_body_bytes: limits.max_body_bytes as u64,
            allow_http_loopback: false,
        }
    }
}

/// Checks the URL rule: HTTPS, or plain HTTP to loopback when `allow_http_loopback`
/// (the core's [`check_jwks_url`](edgejwt_core::check_jwks_url), as a [`FetchError`]).
///
/// ```
/// use edgejwt_std::check_url;
/// assert!(check_url("https://cognito-idp.us-east-1.amazonaws.com/x", false).is_ok());
/// assert!(check_url("http://example.com/jwks.json", true).is_err());
/// ```
pub fn check_url(url: &str, allow_http_loopback: bool) -> Result<(), FetchError> {
    edgejwt_core::check_jwks_url(url, allow_http_loopback)
        .map_err(|why| FetchError::UrlRefused(format!("{why}: {url}")))
}

/// The default client: `ureq` over rustls, no redirects, timeouts and a body cap.
///
/// It asks for `gzip` (as the JavaScript hosts' `fetch` does) and inflates while
/// reading, stopping one byte past the cap, so the cap holds on decoded bytes.
#[derive(Debug, Clone)]
pub struct HttpFetcher {
    agent: ureq::Agent,
    options: HttpOptions,
}

impl HttpFetcher {
    /// A client with these limits.
    pub fn new(options: HttpOptions) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.total_timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!("edgejwt/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self { agent, options }
    }
}

impl Default for HttpFetcher {
    fn default() -> Self {
        Self::new(HttpOptions::default())
    }
}

impl Fetch for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        check_url(url, self.options.allow_http_loopback)?;
        let response = self
            .agent
            .get(url)
            .header("accept", "application/json")
            .call()
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(FetchError::Status(status));
        }
        let max_age = response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .and_then(edgejwt_core::max_age_from_cache_control);
        // Read one byte past the cap so "exactly at the cap" and "over" differ.
        let cap = self.options.max_body_bytes;
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(cap.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| io_error(&e))?;
        if body.len() as u64 > cap {
            return Err(FetchError::TooLarge);
        }
        Ok(Fetched { body, max_age })
    }
}

fn transport_error(error: ureq::Error) -> FetchError {
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::Io(e) => io_error(&e),
        ureq::Error::HostNotFound => FetchError::HostNotFound,
        ureq::Error::ConnectionFailed => FetchError::Connect("connection failed".into()),
        ureq::Error::Tls(why) => FetchError::Tls(why.into()),
        ureq::Error::Rustls(e) => FetchError::Tls(e.to_string()),
        ureq::Error::Pem(e) => FetchError::Tls(e.to_string()),
        other => FetchError::Transport(other.to_string()),
    }
}

fn io_error(error: &std::io::Error) -> FetchError {
    // A failed handshake reaches us as an I/O error wrapping rustls' own.
    if let Some(tls) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return FetchError::Tls(tls.to_string());
    }
    match error.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => FetchError::Timeout,
        _ if error.to_string().to_ascii_lowercase().contains("timeout")
            || error.to_string().to_ascii_lowercase().contains("timed out") =>
        {
            FetchError::Timeout
        }
        // The resolver's failures carry no ErrorKind of their own, only std's wording.
        _ if error.to_string().contains("failed to lookup address") => FetchError::HostNotFound,
        std::io::ErrorKind::ConnectionRefused
        | std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::NotConnected
        | std::io::ErrorKind::AddrNotAvailable
        | std::io::ErrorKind::HostUnreachable
        | std::io::ErrorKind::NetworkUnreachable => FetchError::Connect(error.to_string()),
        _ => FetchError::Transport(error.to_string()),
    }
}
