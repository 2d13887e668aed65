//! `ozg-endpoint import services/*.json`: stores service descriptions from JSON files in the
//! wire format, after checking them against the contract.
//!
//! All files are read and checked before anything is written, and then stored in one
//! transaction: an import either takes every file or none. Each error names the file and the
//! JSON path of what is wrong, so an editor can fix the description without guessing.

use std::fmt;
use std::path::{Path, PathBuf};

use ozg_sdk::{ServiceDescription, ValidationErrors};
use sqlx::AnyPool;

/// Why a file could not be imported.
#[derive(Debug)]
#[non_exhaustive]
pub enum ImportError {
    /// The file could not be read.
    Read {
        /// The file.
        file: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not JSON, or the JSON does not fit the wire format.
    Json {
        /// The file.
        file: PathBuf,
        /// Where in the JSON, e.g. `documents[1].requiredFor` (`.` for the whole document).
        path: String,
        /// What is wrong there.
        message: String,
    },
    /// The description breaks a rule of `ServiceDescription::validate`.
    Invalid {
        /// The file.
        file: PathBuf,
        /// Every violation, by JSON pointer.
        errors: ValidationErrors,
    },
    /// The service is not in the database yet and no department was given for its feedback.
    NoDepartment {
        /// The file.
        file: PathBuf,
        /// The service's LeiKa key.
        leika: String,
    },
    /// The database refused.
    Database(sqlx::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read { file, source } => write!(f, "{}: cannot read: {source}", file.display()),
            Self::Json {
                file,
                path,
                message,
            } => write!(f, "{}: at {path}: {message}", file.display()),
            Self::Invalid { file, errors } => {
                for (i, error) in errors.as_slice().iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(
                        f,
                        "{}: at {}: {}",
                        file.display(),
                        error.pointer,
                        error.detail
                    )?;
                }
                Ok(())
            }
            Self::NoDepartment { file, leika } => write!(
                f,
                "{}: service {leika} is new; name the department that receives its feedback with --department",
                file.display()
            ),
            Self::Database(error) => write!(f, "database: {error}"),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } => Some(source),
            Self::Database(error) => Some(error),
            _ => None,
        }
    }
}

/// Reads `json` (the content of `file`) as a service description and checks it.
///
/// # Errors
/// [`ImportError::Json`] with the path of the first mismatch, or [`ImportError::Invalid`] with
/// every rule violation.
pub fn parse(file: &Path, json: &str) -> Result<ServiceDescription, ImportError> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    let description: ServiceDescription =
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let path = error.path().to_string();
            ImportError::Json {
                file: file.to_owned(),
                path,
                message: error.into_inner().to_string(),
            }
        })?;
    description
        .validate()
        .map_err(|errors| ImportError::Invalid {
            file: file.to_owned(),
            errors,
        })?;
    Ok(description)
}

/// Imports `files` into the database: new services with `department`, known ones keep theirs
/// unless `department` is given. Returns the descriptions stored, in file order.
///
/// # Errors
/// Every file's errors, and nothing is written, when any file fails; a database error
/// otherwise.
pub async fn import(
    pool: &AnyPool,
    files: &[PathBuf],
    department: Option<&str>,
) -> Result<Vec<ServiceDescription>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut descriptions = Vec::new();
    for file in files {
        let parsed = std::fs::read_to_string(file)
            .map_err(|source| ImportError::Read {
                file: file.clone(),
                source,
            })
            .and_then(|json| parse(file, &json));
        match parsed {
            Ok(description) => descriptions.push((file, description)),
            Err(error) => errors.push(error),
        }
    }
    if department.is_none() {
        for (file, description) in &descriptions {
            let known: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM services WHERE leika = $1")
                .bind(description.leika.as_str())
                .fetch_optional(pool)
                .await
                .map_err(|e| vec![ImportError::Database(e)])?;
            if known.is_none() {
                errors.push(ImportError::NoDepartment {
                    file: (*file).clone(),
                    leika: description.leika.to_string(),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    store(pool, &descriptions, department)
        .await
        .map_err(|e| vec![ImportError::Database(e)])?;
    Ok(descriptions.into_iter().map(|(_, d)| d).collect())
}

async fn store(
    pool: &AnyPool,
    descriptions: &[(&PathBuf, ServiceDescription)],
    department: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for (_, description) in descriptions {
        let json =
            serde_json::to_string(description).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO services (leika, json, department) VALUES ($1, $2, COALESCE($3, ''))
             ON CONFLICT (leika) DO UPDATE SET
                 json = excluded.json,
                 department = COALESCE($3, services.department)",
        )
        .bind(description.leika.as_str())
        .bind(json)
        .bind(department)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
