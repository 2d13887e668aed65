//! Parsing a JSON request body into a wire type, naming the offending field when it fails.

use ozg_sdk::FieldError;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// Parses `bytes` as one JSON document of type `T`.
///
/// # Errors
/// Returns one [`FieldError`] whose pointer (RFC 6901) names the field that is missing, has the
/// wrong type or an unknown value, or where the JSON syntax breaks; codes are `required`,
/// `invalid_type`, `invalid_value` and `invalid_json`.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FieldError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer = pointer(error.path());
        describe(pointer, error.inner())
    })?;
    deserializer
        .end()
        .map_err(|error| describe(String::new(), &error))?;
    Ok(value)
}

/// The JSON pointer of a serde path: `contact.email` becomes `/contact/email`.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;

    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => push_token(&mut pointer, key),
            Segment::Enum { variant } => push_token(&mut pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Appends one reference token, escaped as RFC 6901 says.
fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
}

fn describe(mut pointer: String, error: &serde_json::Error) -> FieldError {
    let text = error.to_string();
    // serde_json appends the position; the pointer says where, in terms the client knows.
    let message = match text.rfind(" at line ") {
        Some(end) => &text[..end],
        None => text.as_str(),
    };
    let code = match error.classify() {
        Category::Data => {
            if let Some(field) = missing_field(message) {
                push_token(&mut pointer, field);
                "required"
            } else if message.starts_with("invalid type") {
                "invalid_type"
            } else {
                "invalid_value"
            }
        }
        Category::Syntax | Category::Eof | Category::Io => "invalid_json",
    };
    FieldError::new(&pointer, code, message)
}

/// The field name in serde's "missing field `name`" message.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split_once('`')
        .map(|(field, _)| field)
}

#[cfg(test)]
mod tests {
    use ozg_sdk::FeedbackSubmission;

    use super::*;

    const VALID: &str = r#"{"service":"99107108017000","found":"yes","rating":4,"topic":"praise","text":"","locale":"de","clientTime":"2026-11-26T09:30:00Z"}"#;

    fn check(body: &str, expected: Option<(&str, &str)>) {
        let got = parse::<FeedbackSubmission>(body.as_bytes())
            .err()
            .map(|e| (e.pointer, e.code));
        let got = got.as_ref().map(|(p, c)| (p.as_str(), c.as_str()));
        assert_eq!(got, expected, "body {body}");
    }

    #[test]
    fn names_the_field() {
        check(VALID, None);
        check(
            &VALID.replace(r#""rating":4"#, r#""rating":"vier""#),
            Some(("/rating", "invalid_type")),
        );
        check(
            &VALID.replace(r#""rating":4"#, r#""rating":300"#),
            Some(("/rating", "invalid_value")),
        );
        check(
            &VALID.replace(r#""found":"yes""#, r#""found":"maybe""#),
            Some(("/found", "invalid_value")),
        );
        check(
            &VALID.replace(r#""topic":"praise","#, ""),
            Some(("/topic", "required")),
        );
        check(
            &VALID.replace(r#""text":"""#, r#""text":"","contact":{"email":"a@b.de"}"#),
            Some(("/contact/consent", "required")),
        );
        check(
            &VALID.replace(
                r#""text":"""#,
                r#""text":"","contact":{"email":1,"consent":true}"#,
            ),
            Some(("/contact/email", "invalid_type")),
        );
        check(
            r#"{"service":"99107108017000","#,
            Some(("", "invalid_json")),
        );
        check("42", Some(("", "invalid_type")));
        check("[]", Some(("", "invalid_value")));
        check(&format!("{VALID} trailing"), Some(("", "invalid_json")));
        check("", Some(("", "invalid_json")));
    }

    #[test]
    fn escapes_pointer_tokens() {
        let mut pointer = String::new();
        push_token(&mut pointer, "a/b~c");
        assert_eq!(pointer, "/a~1b~0c");
    }
}
