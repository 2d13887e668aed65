//! Demo data: the service "Bürgergeld beantragen" and a few posts of its Jobcenter.
//!
//! The data sits in JSON files under `examples/endpoint/seed/` and is read into the `ozg-sdk`
//! wire types before it is stored, so the demo can never drift from the contract.

use ozg_sdk::{ServiceDescription, UpdatesPage};
use sqlx::AnyPool;

use crate::clock;

/// The LeiKa key of the demo service.
pub const DEMO_SERVICE: &str = "99107108017000";

/// The department that receives the demo service's feedback.
pub const DEMO_DEPARTMENT: &str = "Jobcenter Musterstadt – Team Leistungsgewährung";

const SERVICE_JSON: &str = include_str!("../seed/service-99107108017000.json");
/// Posts about the whole authority.
const UPDATES_JSON: &str = include_str!("../seed/updates.json");
/// Posts about the demo service only.
const SERVICE_UPDATES_JSON: &str = include_str!("../seed/updates-99107108017000.json");

/// Stores the demo service and posts unless they are there already; running it again
/// changes nothing, not even rows edited since.
///
/// # Errors
/// Returns database errors, and [`sqlx::Error::Decode`] if the seed files break the contract
/// (which the crate's tests rule out).
pub async fn demo(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let service: ServiceDescription = parse(SERVICE_JSON)?;
    let pages: [(Option<&str>, UpdatesPage); 2] = [
        (None, parse(UPDATES_JSON)?),
        (Some(DEMO_SERVICE), parse(SERVICE_UPDATES_JSON)?),
    ];

    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO services (leika, json, department) VALUES ($1, $2, $3)
         ON CONFLICT (leika) DO NOTHING",
    )
    .bind(service.leika.as_str())
    .bind(to_json(&service)?)
    .bind(DEMO_DEPARTMENT)
    .execute(&mut *tx)
    .await?;
    for (service, page) in pages {
        for update in page.updates {
            let published = clock::normalise(&update.published).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("update {} has no RFC 3339 publication time", update.id).into(),
                )
            })?;
            sqlx::query(
                "INSERT INTO updates (id, service, published, json) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&update.id)
            .bind(service)
            .bind(published)
            .bind(to_json(&update)?)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use ozg_sdk::validate;

    use super::*;

    /// The seed files are part of the demo everyone sees; hold them to the contract's rules.
    #[test]
    fn seed_files_follow_the_contract() {
        let service: ServiceDescription = parse(SERVICE_JSON).expect("service description");
        assert_eq!(service.leika.as_str(), DEMO_SERVICE);
        assert!(service.steps.len() >= 5, "steps");
        assert_eq!(service.faq.len(), 3, "faq");
        // The demo shows every module of the panel, the easy-language version among them.
        assert_eq!(service.validate(), Ok(()));
        assert!(service.easy_language.is_some() && service.full_text.is_some());
        assert!(!service.legal_bases.is_empty() && !service.forms.is_empty());
        assert!(service.competent_office.is_some() && service.costs.is_some());
        assert!(!service.deadlines.is_empty() && !service.notes.is_empty());
        let mut ids = std::collections::HashSet::new();
        for json in [UPDATES_JSON, SERVICE_UPDATES_JSON] {
            let page: UpdatesPage = parse(json).expect("updates");
            for update in page.updates {
                assert!(validate::is_rfc3339(&update.published), "{}", update.id);
                assert!(ids.insert(update.id.clone()), "duplicate id {}", update.id);
                for media in &update.media {
                    assert!(!media.alt.is_empty(), "alt text of {}", update.id);
                }
            }
        }
        assert!((5..=6).contains(&ids.len()), "{} posts", ids.len());
    }
}
