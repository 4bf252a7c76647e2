//! Who may talk to the workbench: the token that opens it (in the address
//! it prints, then a cookie), the `Host` a DNS-rebinding page would change,
//! and the `Origin` and form token a cross-site form would lack.

/// The cookie that carries the token after the first visit.
pub(super) const COOKIE: &str = "mokuhyo_token";

/// The workbench's secrets and address, fixed at start.
#[derive(Debug, Clone)]
pub(super) struct Guard {
    token: String,
    port: u16,
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// `Host` is not this PC's loopback address and port.
    Host,
    /// No valid token (cookie or address).
    Token,
    /// A change asked from another site, or without the form's token.
    Origin,
    /// A download of anything but a file the workbench offers.
    NotServed,
}

impl Refusal {
    /// The page's message.
    pub(super) fn message(self) -> &'static str {
        match self {
            Refusal::Host => {
                "このアドレスでは開けません。mokuhyo serve が表示した http://127.0.0.1:… のアドレスで開いてください。"
            }
            Refusal::Token => {
                "作業画面を開く鍵(token)がありません。mokuhyo serve を起動したときに表示された、token 付きのアドレスで開いてください。"
            }
            Refusal::Origin => {
                "ほかのページからの操作は受け付けません。作業画面のボタンから操作してください。"
            }
            Refusal::NotServed => {
                "そのファイルはありません。作業画面のリンクからダウンロードしてください。"
            }
        }
    }
}

impl Guard {
    /// A guard with a fresh random token for a workbench on `port`.
    pub(super) fn new(port: u16) -> std::io::Result<Guard> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Guard { token, port })
    }

    /// The token, for the address printed and the forms' hidden field.
    pub(super) fn token(&self) -> &str {
        &self.token
    }

    /// Whether `text` is the token (compared in constant time).
    pub(super) fn is_token(&self, text: &str) -> bool {
        let (a, b) = (self.token.as_bytes(), text.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Whether a `Host` header names this workbench: `127.0.0.1:PORT` or
    /// `localhost:PORT`, nothing else.
    pub(super) fn host_allowed(&self, host: Option<&str>) -> bool {
        let port = self.port.to_string();
        host.and_then(|h| h.rsplit_once(':'))
            .is_some_and(|(name, p)| p == port && matches!(name, "127.0.0.1" | "localhost"))
    }

    /// Whether a `Cookie` header carries the token.
    pub(super) fn cookie_allowed(&self, cookie: Option<&str>) -> bool {
        cookie.is_some_and(|c| {
            c.split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .any(|(name, value)| name == COOKIE && self.is_token(value))
        })
    }

    /// Whether a change comes from the workbench's own page: an `Origin`,
    /// when the browser sends one, that is this workbench, and a fetch
    /// that is not another site's.
    pub(super) fn origin_allowed(&self, origin: Option<&str>, fetch_site: Option<&str>) -> bool {
        let own = |o: &str| {
            o.strip_prefix("http://")
                .is_some_and(|host| self.host_allowed(Some(host)))
        };
        origin.is_none_or(own) && fetch_site.is_none_or(|s| matches!(s, "same-origin" | "none"))
    }

    /// The `Set-Cookie` value that keeps the token for this browser.
    pub(super) fn set_cookie(&self) -> String {
        format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", self.token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard {
            token: "abc123".to_string(),
            port: 8123,
        }
    }

    #[test]
    fn only_the_loopback_names_with_the_port_are_hosts() {
        let g = guard();
        assert!(g.host_allowed(Some("127.0.0.1:8123")));
        assert!(g.host_allowed(Some("localhost:8123")));
        for host in [
            None,
            Some("127.0.0.1"),
            Some("127.0.0.1:80"),
            Some("evil.example:8123"),
            Some("127.0.0.1.evil.example:8123"),
            Some("[::1]:8123"),
        ] {
            assert!(!g.host_allowed(host), "{host:?}");
        }
    }

    #[test]
    fn the_cookie_must_hold_the_whole_token() {
        let g = guard();
        assert!(g.cookie_allowed(Some("a=b; mokuhyo_token=abc123")));
        assert!(!g.cookie_allowed(Some("mokuhyo_token=abc12")));
        assert!(!g.cookie_allowed(Some("mokuhyo_token=abc1234")));
        assert!(!g.cookie_allowed(Some("other=abc123")));
        assert!(!g.cookie_allowed(None));
    }

    #[test]
    fn a_change_from_another_origin_is_refused() {
        let g = guard();
        assert!(g.origin_allowed(Some("http://127.0.0.1:8123"), Some("same-origin")));
        assert!(g.origin_allowed(None, None));
        assert!(!g.origin_allowed(Some("http://evil.example"), None));
        assert!(!g.origin_allowed(Some("null"), None));
        assert!(!g.origin_allowed(Some("http://127.0.0.1:9999"), None));
        assert!(!g.origin_allowed(None, Some("cross-site")));
    }
}
