//! The element's attributes, parsed into a typed [`Config`] by a pure function.
//!
//! The bootstrap reads the raw attribute strings from the host page, calls [`parse`] and logs
//! the returned [`Diagnostic`]s; components only ever see the resulting [`Config`].

use ozg_sdk::{Audience, Client, LeikaKey, Locale};

/// One of the three panels, in the order the `panels` attribute lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    /// "Aktuelles": the authority's posts.
    Updates,
    /// "So funktioniert's": the service description.
    Service,
    /// The feedback form.
    Feedback,
}

impl Panel {
    /// All panels in their default order.
    pub const ALL: [Panel; 3] = [Panel::Updates, Panel::Service, Panel::Feedback];

    /// The name used in the `panels` attribute and in element ids (`ozg-tab-updates`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Updates => "updates",
            Self::Service => "service",
            Self::Feedback => "feedback",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|panel| panel.name().eq_ignore_ascii_case(name))
    }
}

/// The raw attribute values as the host page wrote them (`None` when absent).
#[derive(Debug, Clone, Copy, Default)]
pub struct Attributes<'a> {
    /// `endpoint`: absolute, or relative to the page's base URL.
    pub endpoint: Option<&'a str>,
    /// `service`: the 14-digit LeiKa key.
    pub service: Option<&'a str>,
    /// `lang`: `de` or `en`.
    pub lang: Option<&'a str>,
    /// `panels`: subset and order of `updates service feedback`.
    pub panels: Option<&'a str>,
    /// The host document's `<html lang>`, used when `lang` is absent.
    pub document_lang: Option<&'a str>,
    /// `heading-level`: the level of the widget's top headings, 2 to 5.
    pub heading_level: Option<&'a str>,
    /// `service-source`: `endpoint`, `inline` or `jsonld`.
    pub service_source: Option<&'a str>,
    /// `service-json`: the id of a `<script type="application/json">` with the description.
    pub service_json: Option<&'a str>,
    /// `audience`: `citizens` or `professionals`, whose platforms "Follow us" lists first.
    pub audience: Option<&'a str>,
    /// `retry-delay`: milliseconds before the first retry of unsent feedback (tests, kiosks).
    pub retry_delay: Option<&'a str>,
    /// `source`: `mastodon:@account@instance`, posts straight from a Mastodon instance.
    pub source: Option<&'a str>,
    /// `theme`: `auto`, `light` or `dark`.
    pub theme: Option<&'a str>,
}

/// The colour scheme of the widget (`theme` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows the reader's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Light, whatever the reader prefers.
    Light,
    /// Dark, whatever the reader prefers.
    Dark,
}

impl Theme {
    /// The attribute value, also used in the stylesheet's selectors.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// Where the "Aktuelles" panel takes its posts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdatesSource {
    /// `GET /v1/updates` on the endpoint.
    Endpoint,
    /// Straight from a Mastodon instance, once the reader agreed to contact it.
    Mastodon(MastodonSource),
}

/// A Mastodon account read straight from its instance (`source="mastodon:@bmas@social.bund.de"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MastodonSource {
    /// The user name on the instance, `bmas`.
    pub account: String,
    /// The instance's host, with a port if one was given, `social.bund.de`.
    pub instance: String,
    /// The instance's URL: `https://` and the host; `http://` for a loopback host.
    pub base: String,
}

/// Where the "So funktioniert's" panel takes the service description from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceSource {
    /// `GET /v1/services/{leika}` on the endpoint.
    Endpoint,
    /// JSON in the host page's `<script type="application/json">` with this id.
    Inline(String),
    /// The schema.org `GovernmentService` JSON-LD on the host page.
    JsonLd,
}

/// The default and the range of the `heading-level` attribute.
pub const HEADING_LEVELS: std::ops::RangeInclusive<u8> = 2..=5;

/// Which required attribute keeps the widget from working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupError {
    /// `service` is missing or not a LeiKa key.
    Service,
    /// `endpoint` is missing or not an http(s) URL.
    Endpoint,
}

/// Where the widget loads from and what it is about; present only when both are valid.
#[derive(Debug, Clone)]
pub struct Target {
    /// The client of the authority endpoint.
    pub client: Client,
    /// The service the page is about.
    pub service: LeikaKey,
}

impl PartialEq for Target {
    fn eq(&self, other: &Self) -> bool {
        self.client.endpoint() == other.client.endpoint() && self.service == other.service
    }
}

/// The typed configuration of one widget.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The language of all texts.
    pub locale: Locale,
    /// The panels to show, in order; never empty.
    pub panels: Vec<Panel>,
    /// The endpoint and service, or the attribute that makes them unusable.
    pub target: Result<Target, SetupError>,
    /// The level of the panel headings (`h2` by default); sections go one level deeper.
    pub heading_level: u8,
    /// Where the service description comes from.
    pub service_source: ServiceSource,
    /// Whom the "Follow us" links are ordered for.
    pub audience: Audience,
    /// Milliseconds before the first retry of feedback that could not be sent; doubles with
    /// every further failure.
    pub retry_delay_ms: u32,
    /// Where the posts come from.
    pub updates_source: UpdatesSource,
    /// The colour scheme.
    pub theme: Theme,
}

impl Config {
    /// Whether some configured panel loads from the endpoint.
    pub fn needs_endpoint(&self) -> bool {
        self.panels.iter().any(|panel| match panel {
            Panel::Updates => self.updates_source == UpdatesSource::Endpoint,
            Panel::Feedback => true,
            Panel::Service => self.service_source == ServiceSource::Endpoint,
        })
    }

    /// The attribute that keeps the widget from working at all, if any: a bad `service`
    /// always, a bad `endpoint` only when a panel needs it.
    pub fn setup_error(&self) -> Option<SetupError> {
        match &self.target {
            Ok(_) => None,
            Err(SetupError::Endpoint) if !self.needs_endpoint() => None,
            Err(error) => Some(*error),
        }
    }
}

/// How serious a [`Diagnostic`] is: `console.error` or `console.warn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something the integrator must fix; the widget works around it or cannot work.
    Error,
    /// A fallback was used.
    Warning,
}

/// A message for the integrator, logged to the console by the bootstrap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `console.error` or `console.warn`.
    pub level: Level,
    /// The message, starting with `ozg-widget:` and naming the attribute.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn error(message: String) -> Self {
        Self {
            level: Level::Error,
            message,
        }
    }

    pub(crate) fn warning(message: String) -> Self {
        Self {
            level: Level::Warning,
            message,
        }
    }
}

/// Parses the attributes. `resolve` turns a possibly relative endpoint into an absolute URL
/// (the bootstrap resolves against `document.baseURI`); it returns `None` when it cannot.
pub fn parse(
    attributes: &Attributes<'_>,
    resolve: impl Fn(&str) -> Option<String>,
) -> (Config, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let locale = parse_lang(attributes, &mut diagnostics);
    let panels = parse_panels(attributes.panels, &mut diagnostics);
    let heading_level = parse_heading_level(attributes.heading_level, &mut diagnostics);
    let service_source = parse_service_source(attributes, &mut diagnostics);
    let audience = parse_audience(attributes.audience, &mut diagnostics);
    let retry_delay_ms = parse_retry_delay(attributes.retry_delay, &mut diagnostics);
    let service = parse_service(attributes.service, &mut diagnostics);
    let updates_source = parse_updates_source(attributes, &mut diagnostics);
    let theme = parse_theme(attributes.theme, &mut diagnostics);
    let needs_endpoint = panels.iter().any(|panel| match panel {
        Panel::Updates => updates_source == UpdatesSource::Endpoint,
        Panel::Feedback => true,
        Panel::Service => service_source == ServiceSource::Endpoint,
    });
    let client = parse_endpoint(
        attributes.endpoint,
        resolve,
        needs_endpoint,
        &mut diagnostics,
    );
    let target = match (service, client) {
        (Some(service), Some(client)) => Ok(Target { client, service }),
        (None, _) => Err(SetupError::Service),
        (_, None) => Err(SetupError::Endpoint),
    };
    (
        Config {
            locale,
            panels,
            target,
            heading_level,
            service_source,
            audience,
            retry_delay_ms,
            updates_source,
            theme,
        },
        diagnostics,
    )
}

/// `source` when it names a Mastodon account and no endpoint is configured: the endpoint wins,
/// as it serves sanitised posts and images without the reader contacting any platform.
fn parse_updates_source(
    attributes: &Attributes<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> UpdatesSource {
    let Some(raw) = attributes.source.map(str::trim).filter(|s| !s.is_empty()) else {
        return UpdatesSource::Endpoint;
    };
    let Some(source) = parse_mastodon_source(raw) else {
        diagnostics.push(Diagnostic::error(format!(
            "ozg-widget: attribute \"source\" must be \"mastodon:@account@instance\", \
             e.g. \"mastodon:@bmas@social.bund.de\", got \"{raw}\"; using the endpoint"
        )));
        return UpdatesSource::Endpoint;
    };
    if attributes
        .endpoint
        .is_some_and(|endpoint| !endpoint.trim().is_empty())
    {
        diagnostics.push(Diagnostic::warning(format!(
            "ozg-widget: attributes \"endpoint\" and \"source\" are both set; the posts come \
             from the endpoint and \"source\" (\"{raw}\") is ignored"
        )));
        return UpdatesSource::Endpoint;
    }
    UpdatesSource::Mastodon(source)
}

/// `mastodon:@account@instance` (the first `@` may be left out); the instance is a host name
/// with at least one dot, `localhost` or an IPv4 address, with an optional port.
pub fn parse_mastodon_source(raw: &str) -> Option<MastodonSource> {
    let (scheme, rest) = raw.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("mastodon") {
        return None;
    }
    let rest = rest.strip_prefix('@').unwrap_or(rest);
    let (account, instance) = rest.split_once('@')?;
    let account_ok = (1..=30).contains(&account.len())
        && account
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let instance = instance.to_ascii_lowercase();
    let (host, port) = match instance.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (instance.as_str(), None),
    };
    let port_ok = port.is_none_or(|port| {
        (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p > 0)
    });
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let host_ok = host.len() <= 253
        && host.split('.').all(label_ok)
        && (host.contains('.') || host == "localhost");
    if !(account_ok && port_ok && host_ok) {
        return None;
    }
    // Browsers treat loopback as secure; a test or a local instance has no certificate.
    let loopback = host == "localhost" || host.starts_with("127.");
    let scheme = if loopback { "http" } else { "https" };
    Some(MastodonSource {
        account: account.to_owned(),
        base: format!("{scheme}://{instance}"),
        instance,
    })
}

/// The service key alone, for panels that do not need the endpoint; `None` when it is bad.
pub fn service_key(attributes: &Attributes<'_>) -> Option<LeikaKey> {
    LeikaKey::parse(attributes.service.unwrap_or_default().trim()).ok()
}

fn parse_audience(audience: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> Audience {
    match audience.map(str::trim) {
        None | Some("") => Audience::Citizens,
        Some(raw) if raw.eq_ignore_ascii_case("citizens") => Audience::Citizens,
        Some(raw) if raw.eq_ignore_ascii_case("professionals") => Audience::Professionals,
        Some(raw) => {
            diagnostics.push(Diagnostic::error(format!(
                "ozg-widget: attribute \"audience\" must be \"citizens\" or \"professionals\", \
                 got \"{raw}\"; using \"citizens\""
            )));
            Audience::Citizens
        }
    }
}

fn parse_theme(theme: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> Theme {
    let raw = match theme.map(str::trim) {
        None | Some("") => return Theme::Auto,
        Some(raw) => raw,
    };
    [Theme::Auto, Theme::Light, Theme::Dark]
        .into_iter()
        .find(|theme| theme.name().eq_ignore_ascii_case(raw))
        .unwrap_or_else(|| {
            diagnostics.push(Diagnostic::error(format!(
                "ozg-widget: attribute \"theme\" must be \"auto\", \"light\" or \"dark\", \
                 got \"{raw}\"; using \"auto\""
            )));
            Theme::Auto
        })
}

/// The default and the range of the `retry-delay` attribute, in milliseconds.
pub const RETRY_DELAYS: std::ops::RangeInclusive<u32> = 100..=600_000;

/// The default of the `retry-delay` attribute, in milliseconds.
pub const DEFAULT_RETRY_DELAY: u32 = 2_000;

fn parse_retry_delay(delay: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> u32 {
    match delay.map(str::trim) {
        None | Some("") => DEFAULT_RETRY_DELAY,
        Some(raw) => match raw.parse::<u32>() {
            Ok(ms) if RETRY_DELAYS.contains(&ms) => ms,
            _ => {
                diagnostics.push(Diagnostic::error(format!(
                    "ozg-widget: attribute \"retry-delay\" must be a number of milliseconds \
                     from 100 to 600000, got \"{raw}\"; using {DEFAULT_RETRY_DELAY}"
                )));
                DEFAULT_RETRY_DELAY
            }
        },
    }
}

fn parse_heading_level(level: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> u8 {
    let default = *HEADING_LEVELS.start();
    match level.map(str::trim) {
        None | Some("") => default,
        Some(raw) => match raw.parse::<u8>() {
            Ok(level) if HEADING_LEVELS.contains(&level) => level,
            _ => {
                diagnostics.push(Diagnostic::error(format!(
                    "ozg-widget: attribute \"heading-level\" must be a number from 2 to 5, \
                     got \"{raw}\"; using {default}"
                )));
                default
            }
        },
    }
}

/// `service-source` when set and valid; otherwise the first source the attributes configure, in
/// the order endpoint, inline JSON, JSON-LD.
fn parse_service_source(
    attributes: &Attributes<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> ServiceSource {
    let inline = attributes
        .service_json
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let has_endpoint = attributes
        .endpoint
        .is_some_and(|endpoint| !endpoint.trim().is_empty());
    let default = if has_endpoint {
        ServiceSource::Endpoint
    } else if let Some(id) = inline {
        ServiceSource::Inline(id.to_owned())
    } else {
        ServiceSource::JsonLd
    };
    let fallback = |diagnostics: &mut Vec<Diagnostic>, why: String| {
        let name = match &default {
            ServiceSource::Endpoint => "endpoint",
            ServiceSource::Inline(_) => "inline",
            ServiceSource::JsonLd => "jsonld",
        };
        diagnostics.push(Diagnostic::error(format!(
            "ozg-widget: attribute \"service-source\" {why}; using \"{name}\""
        )));
        default.clone()
    };
    match attributes.service_source.map(str::trim) {
        None | Some("") => default,
        Some(raw) => match raw.to_ascii_lowercase().as_str() {
            "endpoint" => ServiceSource::Endpoint,
            "jsonld" => ServiceSource::JsonLd,
            "inline" => match inline {
                Some(id) => ServiceSource::Inline(id.to_owned()),
                None => fallback(
                    diagnostics,
                    "is \"inline\", but attribute \"service-json\" names no element id".to_owned(),
                ),
            },
            _ => fallback(
                diagnostics,
                format!("must be \"endpoint\", \"inline\" or \"jsonld\", got \"{raw}\""),
            ),
        },
    }
}

fn parse_lang(attributes: &Attributes<'_>, diagnostics: &mut Vec<Diagnostic>) -> Locale {
    match attributes.lang.map(str::trim) {
        Some(lang) if !lang.is_empty() => Locale::from_tag(lang).unwrap_or_else(|| {
            diagnostics.push(Diagnostic::warning(format!(
                "ozg-widget: attribute \"lang\" must be \"de\" or \"en\", got \"{lang}\"; using \"de\""
            )));
            Locale::De
        }),
        // Without its own `lang`, the widget speaks the page's language if it can; a page in
        // another language is no mistake of the integrator, so that falls back silently.
        _ => attributes
            .document_lang
            .and_then(Locale::from_tag)
            .unwrap_or_default(),
    }
}

fn parse_panels(panels: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Panel> {
    let mut chosen = Vec::new();
    for name in panels
        .unwrap_or_default()
        .split([',', ' ', '\t', '\n', '\r'])
        .filter(|name| !name.is_empty())
    {
        match Panel::from_name(name) {
            Some(panel) if !chosen.contains(&panel) => chosen.push(panel),
            Some(_) => {}
            None => diagnostics.push(Diagnostic::error(format!(
                "ozg-widget: attribute \"panels\" lists unknown panel \"{name}\"; \
                 known panels are updates, service, feedback"
            ))),
        }
    }
    if chosen.is_empty() {
        Panel::ALL.to_vec()
    } else {
        chosen
    }
}

fn parse_service(service: Option<&str>, diagnostics: &mut Vec<Diagnostic>) -> Option<LeikaKey> {
    let raw = service.unwrap_or_default();
    // CMS templates often leave a stray space around attribute values; that is no reason to fail.
    match LeikaKey::parse(raw.trim()) {
        Ok(key) => Some(key),
        Err(_) => {
            diagnostics.push(Diagnostic::error(format!(
                "ozg-widget: attribute \"service\" must be a 14-digit LeiKa key, got \"{raw}\""
            )));
            None
        }
    }
}

fn parse_endpoint(
    endpoint: Option<&str>,
    resolve: impl Fn(&str) -> Option<String>,
    needed: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Client> {
    let raw = endpoint.unwrap_or_default();
    let client = Some(raw.trim())
        .filter(|raw| !raw.is_empty())
        .and_then(resolve)
        .and_then(|url| Client::new(&url).ok());
    // Without an endpoint, a widget that shows only a description from the page works; a
    // wrong one is still worth a word.
    if client.is_none() && (needed || !raw.trim().is_empty()) {
        diagnostics.push(Diagnostic::error(format!(
            "ozg-widget: attribute \"endpoint\" must be an http(s) URL without query or fragment, \
             absolute or relative to the page, got \"{raw}\""
        )));
    }
    client
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// A stand-in for `new URL(url, "https://portal.example.de/dienste/")`, enough for the cases.
    fn resolve(url: &str) -> Option<String> {
        if url.contains("://") {
            Some(url.to_owned())
        } else if let Some(path) = url.strip_prefix('/') {
            Some(format!("https://portal.example.de/{path}"))
        } else if url.starts_with("javascript:") {
            Some(url.to_owned())
        } else {
            Some(format!("https://portal.example.de/dienste/{url}"))
        }
    }

    /// What a parse should yield, in a form that is easy to write down.
    #[derive(Debug, PartialEq)]
    struct Expected {
        locale: Locale,
        panels: Vec<Panel>,
        target: Result<(String, String), SetupError>,
        messages: Vec<(Level, String)>,
    }

    fn check(attributes: Attributes<'_>, expected: Expected) {
        let (config, diagnostics) = parse(&attributes, resolve);
        let got = Expected {
            locale: config.locale,
            panels: config.panels,
            target: config.target.map(|t| {
                (
                    t.client.endpoint().to_owned(),
                    t.service.as_str().to_owned(),
                )
            }),
            messages: diagnostics
                .into_iter()
                .map(|d| (d.level, d.message))
                .collect(),
        };
        assert_eq!(got, expected, "attributes {attributes:?}");
    }

    const KEY: &str = "99107108017000";
    const ALL: [Panel; 3] = Panel::ALL;

    fn good<'a>() -> Attributes<'a> {
        Attributes {
            endpoint: Some("https://feedback.example.de"),
            service: Some(KEY),
            ..Attributes::default()
        }
    }

    fn ok(panels: &[Panel], locale: Locale, messages: &[(Level, &str)]) -> Expected {
        Expected {
            locale,
            panels: panels.to_vec(),
            target: Ok(("https://feedback.example.de".to_owned(), KEY.to_owned())),
            messages: messages
                .iter()
                .map(|(l, m)| (*l, (*m).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn valid_attributes() {
        check(good(), ok(&ALL, Locale::De, &[]));
        check(
            Attributes {
                lang: Some("en"),
                ..good()
            },
            ok(&ALL, Locale::En, &[]),
        );
        check(
            Attributes {
                lang: Some("en-GB"),
                ..good()
            },
            ok(&ALL, Locale::En, &[]),
        );
        check(
            Attributes {
                service: Some(" 99107108017000 "),
                ..good()
            },
            ok(&ALL, Locale::De, &[]),
        );
    }

    #[test]
    fn languages() {
        check(
            Attributes {
                lang: Some("fr"),
                ..good()
            },
            ok(
                &ALL,
                Locale::De,
                &[(
                    Level::Warning,
                    "ozg-widget: attribute \"lang\" must be \"de\" or \"en\", got \"fr\"; using \"de\"",
                )],
            ),
        );
        check(
            Attributes {
                document_lang: Some("en-US"),
                ..good()
            },
            ok(&ALL, Locale::En, &[]),
        );
        check(
            Attributes {
                document_lang: Some("fr"),
                ..good()
            },
            ok(&ALL, Locale::De, &[]),
        );
        check(
            Attributes {
                lang: Some("de"),
                document_lang: Some("en"),
                ..good()
            },
            ok(&ALL, Locale::De, &[]),
        );
        check(
            Attributes {
                lang: Some(""),
                document_lang: Some("en"),
                ..good()
            },
            ok(&ALL, Locale::En, &[]),
        );
    }

    #[test]
    fn panels() {
        use Panel::*;
        let cases: &[(&str, &[Panel])] = &[
            ("", &ALL),
            ("feedback", &[Feedback]),
            ("service,updates", &[Service, Updates]),
            ("service updates", &[Service, Updates]),
            (" feedback ,  service ", &[Feedback, Service]),
            ("Feedback,SERVICE", &[Feedback, Service]),
            ("updates,updates", &[Updates]),
        ];
        for (attribute, expected) in cases {
            check(
                Attributes {
                    panels: Some(attribute),
                    ..good()
                },
                ok(expected, Locale::De, &[]),
            );
        }
        check(
            Attributes {
                panels: Some("feedback,faq"),
                ..good()
            },
            ok(
                &[Feedback],
                Locale::De,
                &[(
                    Level::Error,
                    "ozg-widget: attribute \"panels\" lists unknown panel \"faq\"; known panels are updates, service, feedback",
                )],
            ),
        );
        check(
            Attributes {
                panels: Some("nothing"),
                ..good()
            },
            ok(
                &ALL,
                Locale::De,
                &[(
                    Level::Error,
                    "ozg-widget: attribute \"panels\" lists unknown panel \"nothing\"; known panels are updates, service, feedback",
                )],
            ),
        );
    }

    #[test]
    fn services() {
        for bad in [Some("123"), Some("9910710801700x"), Some(""), None] {
            let message = format!(
                "ozg-widget: attribute \"service\" must be a 14-digit LeiKa key, got \"{}\"",
                bad.unwrap_or_default()
            );
            check(
                Attributes {
                    service: bad,
                    ..good()
                },
                Expected {
                    locale: Locale::De,
                    panels: ALL.to_vec(),
                    target: Err(SetupError::Service),
                    messages: vec![(Level::Error, message)],
                },
            );
        }
    }

    #[test]
    fn mastodon_sources() {
        fn direct(source: &str) -> Attributes<'_> {
            Attributes {
                endpoint: None,
                panels: Some("updates"),
                source: Some(source),
                ..good()
            }
        }
        let (config, diagnostics) = parse(&direct(" mastodon:@bmas@social.bund.de "), resolve);
        assert_eq!(diagnostics, []);
        assert_eq!(config.setup_error(), None);
        assert_eq!(
            config.updates_source,
            UpdatesSource::Mastodon(MastodonSource {
                account: "bmas".into(),
                instance: "social.bund.de".into(),
                base: "https://social.bund.de".into(),
            })
        );
        let (config, _) = parse(&direct("Mastodon:jc_1@127.0.0.1:8081"), resolve);
        assert_eq!(
            config.updates_source,
            UpdatesSource::Mastodon(MastodonSource {
                account: "jc_1".into(),
                instance: "127.0.0.1:8081".into(),
                base: "http://127.0.0.1:8081".into(),
            })
        );
        for bad in [
            "bmas@social.bund.de",
            "mastodon:@bmas",
            "mastodon:@@social.bund.de",
            "mastodon:@bm as@social.bund.de",
            "mastodon:@bmas@social",
            "mastodon:@bmas@social.bund.de/path",
            "mastodon:@bmas@evil.example@social.bund.de",
            "mastodon:@bmas@social.bund.de:0",
            "mastodon:@bmas@-x.de",
            "bluesky:@bmas@social.bund.de",
        ] {
            let (config, diagnostics) = parse(&direct(bad), resolve);
            assert_eq!(config.updates_source, UpdatesSource::Endpoint, "{bad}");
            assert_eq!(config.setup_error(), Some(SetupError::Endpoint), "{bad}");
            assert!(
                diagnostics[0]
                    .message
                    .starts_with("ozg-widget: attribute \"source\" must be"),
                "{bad}: {diagnostics:?}"
            );
        }
        // With an endpoint too, the endpoint wins.
        let (config, diagnostics) = parse(
            &Attributes {
                source: Some("mastodon:@bmas@social.bund.de"),
                ..good()
            },
            resolve,
        );
        assert_eq!(config.updates_source, UpdatesSource::Endpoint);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].level, Level::Warning);
        // The feedback panel still needs the endpoint.
        let (config, _) = parse(
            &Attributes {
                panels: Some("updates feedback"),
                ..direct("mastodon:@bmas@social.bund.de")
            },
            resolve,
        );
        assert_eq!(config.setup_error(), Some(SetupError::Endpoint));
    }

    #[test]
    fn endpoints() {
        let resolved = [
            (
                "https://feedback.example.de/",
                "https://feedback.example.de",
            ),
            ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080"),
            ("/", "https://portal.example.de"),
            ("/api/", "https://portal.example.de/api"),
            ("api", "https://portal.example.de/dienste/api"),
        ];
        for (endpoint, expected) in resolved {
            let got = parse(
                &Attributes {
                    endpoint: Some(endpoint),
                    ..good()
                },
                resolve,
            )
            .0;
            assert_eq!(
                got.target.map(|t| t.client.endpoint().to_owned()),
                Ok(expected.to_owned())
            );
        }
        for bad in [
            None,
            Some(""),
            Some("javascript:alert(1)"),
            Some("https://x.de/?a=1"),
            Some("ftp://x.de"),
        ] {
            let (config, diagnostics) = parse(
                &Attributes {
                    endpoint: bad,
                    ..good()
                },
                resolve,
            );
            assert_eq!(config.target, Err(SetupError::Endpoint), "endpoint {bad:?}");
            assert_eq!(diagnostics.len(), 1);
            assert!(
                diagnostics[0]
                    .message
                    .starts_with("ozg-widget: attribute \"endpoint\"")
            );
        }
        // A resolver that fails (an unparsable URL) is reported the same way.
        let (config, _) = parse(&good(), |_| None);
        assert_eq!(config.target, Err(SetupError::Endpoint));
    }

    #[test]
    fn audiences() {
        let cases = [
            (None, Audience::Citizens, false),
            (Some(""), Audience::Citizens, false),
            (Some("citizens"), Audience::Citizens, false),
            (Some(" Professionals "), Audience::Professionals, false),
            (Some("business"), Audience::Citizens, true),
        ];
        for (attribute, expected, bad) in cases {
            let (config, diagnostics) = parse(
                &Attributes {
                    audience: attribute,
                    ..good()
                },
                resolve,
            );
            assert_eq!(config.audience, expected, "{attribute:?}");
            assert_eq!(diagnostics.len(), usize::from(bad), "{attribute:?}");
            if bad {
                assert_eq!(diagnostics[0].level, Level::Error);
                assert_eq!(
                    diagnostics[0].message,
                    "ozg-widget: attribute \"audience\" must be \"citizens\" or \"professionals\", \
                     got \"business\"; using \"citizens\""
                );
            }
        }
    }

    #[test]
    fn themes() {
        let cases = [
            (None, Theme::Auto, false),
            (Some(""), Theme::Auto, false),
            (Some("auto"), Theme::Auto, false),
            (Some(" Dark "), Theme::Dark, false),
            (Some("light"), Theme::Light, false),
            (Some("contrast"), Theme::Auto, true),
        ];
        for (attribute, expected, bad) in cases {
            let (config, diagnostics) = parse(
                &Attributes {
                    theme: attribute,
                    ..good()
                },
                resolve,
            );
            assert_eq!(config.theme, expected, "{attribute:?}");
            assert_eq!(diagnostics.len(), usize::from(bad), "{attribute:?}");
            if bad {
                assert_eq!(
                    diagnostics[0].message,
                    "ozg-widget: attribute \"theme\" must be \"auto\", \"light\" or \"dark\", \
                     got \"contrast\"; using \"auto\""
                );
            }
        }
    }

    #[test]
    fn heading_levels() {
        let cases = [
            (None, 2, None),
            (Some(""), 2, None),
            (Some("3"), 3, None),
            (Some(" 5 "), 5, None),
            (Some("1"), 2, Some("1")),
            (Some("6"), 2, Some("6")),
            (Some("h3"), 2, Some("h3")),
        ];
        for (attribute, expected, bad) in cases {
            let (config, diagnostics) = parse(
                &Attributes {
                    heading_level: attribute,
                    ..good()
                },
                resolve,
            );
            assert_eq!(config.heading_level, expected, "{attribute:?}");
            let messages: Vec<_> = diagnostics.into_iter().map(|d| d.message).collect();
            let expected_messages: Vec<String> = bad
                .map(|bad| {
                    format!(
                        "ozg-widget: attribute \"heading-level\" must be a number from 2 to 5, got \"{bad}\"; using 2"
                    )
                })
                .into_iter()
                .collect();
            assert_eq!(messages, expected_messages, "{attribute:?}");
        }
    }

    /// `service-source`, `service-json`, `endpoint` and `panels` → source, setup error, messages.
    fn check_source(
        attributes: Attributes<'_>,
        source: ServiceSource,
        setup_error: Option<SetupError>,
        messages: &[&str],
    ) {
        let (config, diagnostics) = parse(&attributes, resolve);
        assert_eq!(config.service_source, source, "{attributes:?}");
        assert_eq!(config.setup_error(), setup_error, "{attributes:?}");
        let got: Vec<_> = diagnostics.into_iter().map(|d| d.message).collect();
        assert_eq!(got, messages, "{attributes:?}");
    }

    #[test]
    fn service_sources() {
        let inline = || ServiceSource::Inline("beschreibung".to_owned());
        // The endpoint comes first, then inline JSON, then JSON-LD.
        check_source(good(), ServiceSource::Endpoint, None, &[]);
        check_source(
            Attributes {
                service_json: Some("beschreibung"),
                ..good()
            },
            ServiceSource::Endpoint,
            None,
            &[],
        );
        let page_only = Attributes {
            endpoint: None,
            panels: Some("service"),
            ..good()
        };
        check_source(page_only, ServiceSource::JsonLd, None, &[]);
        check_source(
            Attributes {
                service_json: Some(" beschreibung "),
                ..page_only
            },
            inline(),
            None,
            &[],
        );
        // Chosen explicitly.
        check_source(
            Attributes {
                service_source: Some("JSONLD"),
                panels: Some("service"),
                ..good()
            },
            ServiceSource::JsonLd,
            None,
            &[],
        );
        check_source(
            Attributes {
                service_source: Some("inline"),
                service_json: Some("beschreibung"),
                ..good()
            },
            inline(),
            None,
            &[],
        );
        // Wrong values fall back and say so.
        check_source(
            Attributes {
                service_source: Some("inline"),
                ..page_only
            },
            ServiceSource::JsonLd,
            None,
            &[
                "ozg-widget: attribute \"service-source\" is \"inline\", but attribute \"service-json\" names no element id; using \"jsonld\"",
            ],
        );
        check_source(
            Attributes {
                service_source: Some("fim"),
                ..good()
            },
            ServiceSource::Endpoint,
            None,
            &[
                "ozg-widget: attribute \"service-source\" must be \"endpoint\", \"inline\" or \"jsonld\", got \"fim\"; using \"endpoint\"",
            ],
        );
        // Without an endpoint only the service panel from page data works.
        let endpoint_message = "ozg-widget: attribute \"endpoint\" must be an http(s) URL without query or fragment, absolute or relative to the page, got \"\"";
        check_source(
            Attributes {
                panels: Some("service feedback"),
                ..page_only
            },
            ServiceSource::JsonLd,
            Some(SetupError::Endpoint),
            &[endpoint_message],
        );
        check_source(
            Attributes {
                service_source: Some("endpoint"),
                ..page_only
            },
            ServiceSource::Endpoint,
            Some(SetupError::Endpoint),
            &[endpoint_message],
        );
        // The service key is needed whatever the source.
        check_source(
            Attributes {
                service: Some("1"),
                ..page_only
            },
            ServiceSource::JsonLd,
            Some(SetupError::Service),
            &["ozg-widget: attribute \"service\" must be a 14-digit LeiKa key, got \"1\""],
        );
    }
}
