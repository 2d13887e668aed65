//! `[[staff]]` in the config file: who may use `/staff`, for which department, with which
//! credential. Only the SHA-256 of a credential is configured, never the credential itself.

use serde::Deserialize;

use crate::config::ConfigError;

/// One member of staff (or one shared account of a team) with access to `/staff`.
///
/// `ozg-endpoint staff-token` prints a fresh token and the hash to put here. The token works as
/// `Authorization: Bearer <token>` and, with `user`, as the password of HTTP basic auth.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffConfig {
    /// Shown in the staff view and its history as who changed a submission, e.g.
    /// `"A. Schmidt"`.
    pub name: String,
    /// The department whose services' feedback this person sees, exactly as stored with the
    /// services (the `--department` of `ozg-endpoint import`).
    pub department: String,
    /// User name for HTTP basic auth (what the browser asks for); without it, only bearer
    /// tokens work.
    #[serde(default)]
    pub user: Option<String>,
    /// Lowercase hex SHA-256 of the token, 64 characters.
    pub token_sha256: String,
}

/// The hash stays out of logs.
impl std::fmt::Debug for StaffConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffConfig")
            .field("name", &self.name)
            .field("department", &self.department)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// Checks every `[[staff]]` entry: names and departments present, user names without `:`,
/// hashes of the right form, and no token or user name given twice.
pub(crate) fn check(staff: &mut [StaffConfig]) -> Result<(), ConfigError> {
    let entry = |i: usize, name: &str, message: &str| ConfigError::Entry {
        field: format!("staff[{i}].{name}"),
        message: message.to_owned(),
    };
    let mut hashes = std::collections::HashSet::new();
    let mut users = std::collections::HashSet::new();
    for (i, member) in staff.iter_mut().enumerate() {
        member.name = member.name.trim().to_owned();
        member.department = member.department.trim().to_owned();
        if member.name.is_empty() || member.name.chars().count() > 100 {
            return Err(entry(i, "name", "must have 1 to 100 characters"));
        }
        if member.department.is_empty() {
            return Err(entry(
                i,
                "department",
                "must name the department as stored with its services",
            ));
        }
        if let Some(user) = &member.user {
            let valid = !user.is_empty()
                && user.len() <= 64
                && !user.contains(':')
                && !user.chars().any(char::is_control);
            if !valid {
                return Err(entry(
                    i,
                    "user",
                    "must have 1 to 64 characters without `:` or control characters",
                ));
            }
            if !users.insert(user.clone()) {
                return Err(entry(i, "user", "is used by another [[staff]] entry"));
            }
        }
        member.token_sha256 = member.token_sha256.trim().to_ascii_lowercase();
        let hash = &member.token_sha256;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(entry(
                i,
                "token_sha256",
                "must be 64 hex digits, as printed by `ozg-endpoint staff-token`",
            ));
        }
        if !hashes.insert(hash.clone()) {
            return Err(entry(
                i,
                "token_sha256",
                "is the hash of another entry's token; give everyone their own token",
            ));
        }
    }
    Ok(())
}
