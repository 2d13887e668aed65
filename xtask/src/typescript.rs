//! TypeScript declarations of the wire types, generated from `sdk/openapi.json` (which is
//! generated from the Rust types), so the npm package's types cannot drift from the contract.
//!
//! Only what the document uses is supported: objects with required and optional properties,
//! string enums, `oneOf` (tagged unions, and `null` for an optional reference), `$ref`, arrays,
//! and `type` lists such as `["string", "null"]`. Anything else is an error, never `any`.

use serde_json::{Map, Value};

use crate::cmd::Result;

/// `export interface …` / `export type …` for every schema of the document, with its
/// description as doc comment, in the document's (alphabetical) order.
pub(crate) fn declarations(openapi: &Value) -> Result<String> {
    let schemas = openapi["components"]["schemas"]
        .as_object()
        .ok_or("the OpenAPI document has no components.schemas")?;
    let mut out = String::from(
        "// Wire types of the ozg-widget endpoint, generated from sdk/openapi.json.\n",
    );
    for (name, schema) in schemas {
        out.push('\n');
        out.push_str(&doc_comment(schema, ""));
        match object_body(schema, "")? {
            Some(body) => out.push_str(&format!("export interface {name} {body}\n")),
            None => out.push_str(&format!("export type {name} = {};\n", ts_type(schema, "")?)),
        }
    }
    Ok(out)
}

/// The names of every schema, for re-exporting them.
pub(crate) fn names(openapi: &Value) -> Vec<String> {
    openapi["components"]["schemas"]
        .as_object()
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

/// `{ … }` for an object schema with properties; `None` for anything else.
fn object_body(schema: &Value, indent: &str) -> Result<Option<String>> {
    let Some(properties) = schema["properties"].as_object() else {
        return Ok(None);
    };
    if schema["type"] != "object" {
        return Ok(None);
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut body = String::from("{\n");
    for (property, value) in ordered(properties, &required) {
        body.push_str(&doc_comment(&property_doc(value), &inner));
        let optional = if required.contains(&property.as_str()) {
            ""
        } else {
            "?"
        };
        body.push_str(&format!(
            "{inner}{property}{optional}: {};\n",
            ts_type(value, &inner)?
        ));
    }
    body.push_str(indent);
    body.push('}');
    Ok(Some(body))
}

/// Required properties first, each group in the document's order.
fn ordered<'a>(
    properties: &'a Map<String, Value>,
    required: &[&str],
) -> Vec<(&'a String, &'a Value)> {
    let (mut first, rest): (Vec<_>, Vec<_>) = properties
        .iter()
        .partition(|(name, _)| required.contains(&name.as_str()));
    first.extend(rest);
    first
}

/// A property's description sits on the property or, for `oneOf [null, $ref]`, on the reference.
fn property_doc(value: &Value) -> Value {
    if value["description"].is_string() {
        return value.clone();
    }
    value["oneOf"]
        .as_array()
        .and_then(|variants| variants.iter().find(|v| v["description"].is_string()))
        .cloned()
        .unwrap_or(Value::Null)
}

fn ts_type(schema: &Value, indent: &str) -> Result<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference
            .strip_prefix("#/components/schemas/")
            .map(str::to_owned)
            .ok_or_else(|| format!("unsupported $ref {reference}").into());
    }
    if let Some(variants) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        let types = variants
            .iter()
            .map(|v| ts_type(v, indent))
            .collect::<Result<Vec<_>>>()?;
        return Ok(types.join(" | "));
    }
    if let Some(values) = schema["enum"].as_array() {
        let literals = values
            .iter()
            .map(|v| match v {
                Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => {
                    Ok(v.to_string())
                }
                _ => Err(format!("unsupported enum value {v}")),
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        return Ok(literals.join(" | "));
    }
    let kinds: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        other => return Err(format!("schema without a type: {other} in {schema}").into()),
    };
    let mut types = Vec::new();
    for kind in kinds {
        types.push(match kind {
            "string" => "string".to_owned(),
            "integer" | "number" => "number".to_owned(),
            "boolean" => "boolean".to_owned(),
            "null" => "null".to_owned(),
            "array" => {
                let item = ts_type(&schema["items"], indent)?;
                if item.contains(['|', '&']) {
                    format!("({item})[]")
                } else {
                    format!("{item}[]")
                }
            }
            "object" => object_body(schema, indent)?
                .ok_or_else(|| format!("object schema without properties: {schema}"))?,
            other => return Err(format!("unsupported type {other:?}").into()),
        });
    }
    Ok(types.join(" | "))
}

fn doc_comment(schema: &Value, indent: &str) -> String {
    let Some(text) = schema["description"].as_str() else {
        return String::new();
    };
    // `*/` would end the comment early.
    let text = text.replace("*/", "*\\/");
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() == 1 {
        return format!("{indent}/** {} */\n", lines[0]);
    }
    let mut out = format!("{indent}/**\n");
    for line in lines {
        out.push_str(&format!("{indent} * {line}\n").replace(" \n", "\n"));
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::declarations;

    #[test]
    fn objects_enums_unions_and_nullable_references() {
        let document = json!({ "components": { "schemas": {
            "Amount": { "oneOf": [
                { "type": "object", "required": ["kind"], "properties": { "kind": { "type": "string", "enum": ["free"] } } },
                { "type": "object", "required": ["kind", "cents"], "properties": {
                    "cents": { "type": "integer" }, "kind": { "type": "string", "enum": ["fixed"] } } }
            ] },
            "Found": { "type": "string", "description": "Found it?", "enum": ["yes", "no"] },
            "Item": { "type": "object", "required": ["name"], "properties": {
                "amount": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Amount", "description": "What it costs." }] },
                "name": { "type": "string" },
                "note": { "type": ["string", "null"] },
                "tags": { "type": "array", "items": { "$ref": "#/components/schemas/Found" } }
            } }
        } } });
        let ts = declarations(&document).expect("generates");
        assert!(
            ts.contains(
                "export type Amount = {\n  kind: \"free\";\n} | {\n  cents: number;\n  kind: \"fixed\";\n};"
            ),
            "{ts}"
        );
        assert!(
            ts.contains("/** Found it? */\nexport type Found = \"yes\" | \"no\";"),
            "{ts}"
        );
        assert!(
            ts.contains(
                "export interface Item {\n  name: string;\n  /** What it costs. */\n  amount?: null | Amount;\n  note?: string | null;\n  tags?: Found[];\n}"
            ),
            "{ts}"
        );
    }

    #[test]
    fn unknown_shapes_are_errors_not_any() {
        let document =
            json!({ "components": { "schemas": { "X": { "description": "no type" } } } });
        assert!(declarations(&document).is_err());
    }
}
