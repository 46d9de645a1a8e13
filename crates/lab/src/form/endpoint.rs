//! Who answers the I/O requests: the endpoint picker and its URL field.

use super::FieldSpec;
use kernels::ParamError;
use kernels::io::Endpoint;

/// Who answers the I/O requests, as the picker offers it (its URL, for
/// the endpoints that take one, is read apart: see [`parse_endpoint`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EndpointChoice {
    /// The in-page service worker.
    #[default]
    InPage,
    /// A delay server at a URL.
    Server,
    /// A delay server on this machine under 40 host names.
    Sharded,
    /// Any CORS-enabled URL.
    Any,
}

impl EndpointChoice {
    /// Every choice, in the order the picker shows them.
    pub const ALL: [Self; 4] = [Self::InPage, Self::Server, Self::Sharded, Self::Any];

    /// The key links and the picker's `<option>` use.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::InPage => "inpage",
            Self::Server => "server",
            Self::Sharded => "sharded",
            Self::Any => "any",
        }
    }

    /// What the picker says.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::InPage => "in-page service worker",
            Self::Server => "delay server at the URL below (./dev serve starts one)",
            Self::Sharded => "delay server under 40 host names (HTTP/1.1 domain sharding)",
            Self::Any => "any CORS-enabled URL (only the status is checked)",
        }
    }

    /// The choice whose key is `key`, if any.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The URL field for the `server` and `any` endpoints.
pub const ENDPOINT_URL: FieldSpec = FieldSpec {
    key: "endpoint_url",
    label: "endpoint URL",
    help: "http:// or https://; must allow CORS",
    numeric: false,
};

/// Where `./dev serve` starts the delay server.
pub const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8081/io/delay";

/// Longest endpoint URL accepted.
pub const MAX_URL_LEN: usize = 2048;

/// Parses the endpoint picker and its URL field.
///
/// # Errors
/// A URL that is not plain `http(s)://host…` (or that the choice cannot use).
pub fn parse_endpoint(choice: EndpointChoice, url: &str) -> Result<Endpoint, ParamError> {
    let bad = |message: String| ParamError {
        field: ENDPOINT_URL.key,
        message,
    };
    let url_ok = || {
        let u = url.trim();
        let rest = u
            .strip_prefix("http://")
            .or_else(|| u.strip_prefix("https://"))
            .ok_or_else(|| bad("must start with http:// or https://".into()))?;
        if u.len() > MAX_URL_LEN {
            return Err(bad(format!(
                "{} characters; at most {MAX_URL_LEN}",
                u.len()
            )));
        }
        if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad("must not contain spaces".into()));
        }
        if u.contains('#') {
            return Err(bad("must not contain a #fragment".into()));
        }
        if rest.split(['/', '?']).next().is_none_or(str::is_empty) {
            return Err(bad("names no host".into()));
        }
        Ok(u.to_owned())
    };
    // The page appends these to a delay server's URL itself; one already
    // there would be read first by the server and break what the page
    // predicts. ("Any URL" is used as it is.)
    let server_ok = || {
        let u = url_ok()?;
        let query = u.split_once('?').map_or("", |(_, q)| q);
        if let Some((k, _)) = crate::query::parse(query).into_iter().find(|(k, _)| {
            ["ms", "id", "run", "fail", "rate", "slow_ms", "attempt"].contains(&k.as_str())
        }) {
            return Err(bad(format!(
                "must not set {k}= itself: the page adds it to each request"
            )));
        }
        Ok(u.to_owned())
    };
    // Sharding renames the host; only loopback's names are known to every
    // browser without DNS (`*.localhost`), so only a loopback URL shards.
    let sharded_ok = || {
        let u = server_ok()?;
        let host = kernels::io::UrlParts::of(&u).map_or("", |p| p.host);
        if host != "127.0.0.1" && host != "localhost" {
            return Err(bad(format!(
                "sharding needs the delay server on this machine (127.0.0.1 or localhost), \
                 not {host}: its names s0.localhost … s{}.localhost reach loopback only",
                kernels::io::SHARDS - 1
            )));
        }
        Ok(u)
    };
    match choice {
        EndpointChoice::InPage => Ok(Endpoint::InPage),
        EndpointChoice::Server => server_ok().map(Endpoint::Server),
        EndpointChoice::Sharded => sharded_ok().map(Endpoint::Sharded),
        EndpointChoice::Any => url_ok().map(Endpoint::Any),
    }
}

/// What Run says when nothing answers at the delay server's URL `url`
/// (`why`: the browser's words): where a delay server comes from, since a
/// page served from elsewhere has none.
#[must_use]
pub fn no_delay_server(url: &str, why: &str) -> String {
    format!(
        "No delay server answers at {url} (the browser says: {why}). It runs on your own \
         machine: with the project cloned, ./dev serve starts one at {DEFAULT_SERVER_URL} \
         beside the page. A page served from elsewhere has none: the in-page service worker \
         answers there instead (without sockets, so without the limit per host)."
    )
}
