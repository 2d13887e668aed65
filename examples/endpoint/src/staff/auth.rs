//! Who is asking: a bearer token or HTTP basic auth, checked against the `[[staff]]` hashes in
//! constant time; and the CSRF token that binds the HTML forms to that credential.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use ozg_sdk::Problem;
use subtle::ConstantTimeEq;

use crate::error::problem_response;
use crate::secrets;
use crate::state::AppState;

/// A member of staff whose credential matched.
#[derive(Debug, Clone)]
pub(crate) struct Staff {
    /// Shown as who changed a submission.
    pub(crate) name: String,
    /// The department whose feedback they see.
    pub(crate) department: String,
    /// SHA-256 of their token, the key the CSRF token is bound to.
    token_hash: String,
}

/// A member of staff on the HTML pages: basic auth (what browsers send) or a bearer token.
pub(crate) struct PageStaff(pub(crate) Staff);

/// A member of staff on the JSON API: bearer tokens only.
pub(crate) struct ApiStaff(pub(crate) Staff);

/// Why a request is refused before it reaches a handler.
#[derive(Debug)]
pub(crate) enum Refused {
    /// No `[[staff]]` entry is configured: `/staff` does not exist.
    Closed,
    /// No credential, or one that matches nobody.
    Unauthorized {
        /// Whether to offer basic auth, so that browsers ask for a login.
        basic: bool,
    },
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Self::Closed => problem_response(
                &Problem::new(404, "Not Found").with_detail("there is nothing at this path"),
            ),
            Self::Unauthorized { basic } => {
                let mut response = problem_response(
                    &Problem::new(401, "Unauthorized")
                        .with_detail("sign in with a staff token from the endpoint's config"),
                );
                let headers = response.headers_mut();
                if basic {
                    headers.append(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static(
                            "Basic realm=\"ozg-widget staff\", charset=\"UTF-8\"",
                        ),
                    );
                }
                headers.append(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"ozg-widget staff\""),
                );
                response
            }
        }
    }
}

impl FromRequestParts<AppState> for PageStaff {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        authenticate(&parts.headers, state, true).map(PageStaff)
    }
}

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        authenticate(&parts.headers, state, false).map(ApiStaff)
    }
}

/// Whether anyone may use `/staff` at all.
pub(crate) fn is_open(state: &AppState) -> bool {
    !state.config().staff.is_empty()
}

/// The staff entry whose credential the request carries.
fn authenticate(headers: &HeaderMap, state: &AppState, basic: bool) -> Result<Staff, Refused> {
    let staff = &state.config().staff;
    if staff.is_empty() {
        return Err(Refused::Closed);
    }
    let refused = Refused::Unauthorized { basic };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or(Refused::Unauthorized { basic })?;
    let (user, token) = if let Some(token) = value.strip_prefix("Bearer ") {
        (None, token.trim().to_owned())
    } else if let Some(encoded) = value.strip_prefix("Basic ").filter(|_| basic) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or(Refused::Unauthorized { basic })?;
        let (user, password) = decoded
            .split_once(':')
            .ok_or(Refused::Unauthorized { basic })?;
        (Some(user.to_owned()), password.to_owned())
    } else {
        return Err(refused);
    };
    if token.is_empty() {
        return Err(refused);
    }
    // Every entry is compared, each in constant time, so the answer time says nothing about
    // which entry came close.
    let presented = secrets::sha256_hex(token.as_bytes());
    let mut found = None;
    for member in staff {
        let hash_matches: bool = presented
            .as_bytes()
            .ct_eq(member.token_sha256.as_bytes())
            .into();
        let user_matches = match &user {
            None => true,
            Some(user) => member.user.as_deref() == Some(user.as_str()),
        };
        if hash_matches && user_matches && found.is_none() {
            found = Some(member);
        }
    }
    let member = found.ok_or(refused)?;
    Ok(Staff {
        name: member.name.clone(),
        department: member.department.clone(),
        token_hash: member.token_sha256.clone(),
    })
}

/// The CSRF token of the form that changes `reference`: an HMAC under the endpoint's secret of
/// the staff member's token hash and the reference. Another site cannot know it, and it works
/// without cookies.
pub(crate) fn csrf_token(state: &AppState, staff: &Staff, reference: &str) -> String {
    let message = format!("ozg-staff-csrf\n{}\n{reference}", staff.token_hash);
    secrets::sign(state.challenge_key(), message.as_bytes())
}

/// Whether a form post is genuine: it carries the right CSRF token, and when the browser says
/// where it comes from (`Origin`, `Sec-Fetch-Site`), that is this endpoint itself.
pub(crate) fn csrf_ok(
    state: &AppState,
    staff: &Staff,
    reference: &str,
    headers: &HeaderMap,
    presented: &str,
) -> bool {
    let expected = csrf_token(state, staff, reference);
    let token_ok: bool = expected.as_bytes().ct_eq(presented.as_bytes()).into();
    let site_ok = headers
        .get("sec-fetch-site")
        .is_none_or(|value| matches!(value.as_bytes(), b"same-origin" | b"none"));
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin = origin.to_str().unwrap_or_default();
            let origin_host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            let public = state.config().public_url.as_str();
            origin == public || (host.is_some() && origin_host == host)
        }
    };
    token_ok && site_ok && origin_ok
}

/// The status a refused form post answers with.
pub(crate) const CSRF_STATUS: StatusCode = StatusCode::FORBIDDEN;
