//! A read-only view of parsed JSON, so that the page-data readers ([`crate::lenient`],
//! [`crate::jsonld`]) run on the browser's own `JSON.parse` result in the widget and on
//! `serde_json::Value` in native tests.
//!
//! In the browser, values are mapped onto the wire types with `serde-wasm-bindgen`, the same
//! code the sdk client already uses for the endpoint's answers: reading the page's JSON adds no
//! second JSON implementation to the wasm.

use serde::de::DeserializeOwned;

/// Parsed JSON.
pub trait Json: Clone {
    /// The member `key` of an object; `None` when this is no object, or the member is missing
    /// or `null`.
    fn get(&self, key: &str) -> Option<Self>;
    /// The items of an array; `None` when this is no array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The string, when this is one.
    fn as_string(&self) -> Option<String>;
    /// The number, when this is one.
    fn as_number(&self) -> Option<f64>;
    /// This value as a `T` of the wire format.
    ///
    /// # Errors
    /// Says why it does not fit.
    fn read<T: DeserializeOwned>(&self) -> Result<T, String>;
}

#[cfg(all(test, not(target_arch = "wasm32")))]
impl Json for serde_json::Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|value| !value.is_null()).cloned()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn as_string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
        T::deserialize(self).map_err(|e| e.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
impl Json for wasm_bindgen::JsValue {
    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        js_sys::Reflect::get(self, &key.into())
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(self).then(|| js_sys::Array::from(self).iter().collect())
    }

    fn as_string(&self) -> Option<String> {
        wasm_bindgen::JsValue::as_string(self)
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn read<T: DeserializeOwned>(&self) -> Result<T, String> {
        // The error is a JavaScript `Error`, whose text starts with its name.
        serde_wasm_bindgen::from_value(self.clone()).map_err(|e| {
            let text = e.to_string();
            text.strip_prefix("Error: ")
                .map(str::to_owned)
                .unwrap_or(text)
        })
    }
}
