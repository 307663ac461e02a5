//! Reading and validating the options object of `create`, with clear messages.

use edgejwt_core::{Algorithm, CacheSettings};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_error::config_error;

/// An options object, its keys checked against the names a constructor knows.
pub(crate) struct Options {
    object: Object,
}

impl Options {
    pub(crate) fn new(value: &JsValue, known: &[&str]) -> Result<Self, JsValue> {
        let object: Object = value
            .clone()
            .dyn_into()
            .map_err(|_| config_error("options must be an object"))?;
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(config_error(&format!(
                    "unknown option '{key}' (known: {})",
                    known.join(", ")
                )));
            }
        }
        Ok(Self { object })
    }

    fn get(&self, name: &str) -> Option<JsValue> {
        Reflect::get(&self.object, &name.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// Whether the option is present and `null`: aws-jwt-verify's explicit "do not check".
    pub(crate) fn is_null(&self, name: &str) -> bool {
        Reflect::get(&self.object, &name.into()).is_ok_and(|v| v.is_null())
    }

    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, JsValue> {
        self.get(name)
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| config_error(&format!("'{name}' must be a string")))
            })
            .transpose()
    }

    pub(crate) fn required_string(&self, name: &str) -> Result<String, JsValue> {
        self.string(name)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| config_error(&format!("'{name}' is required")))
    }

    /// A string or an array of strings (as aws-jwt-verify accepts).
    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, JsValue> {
        let Some(value) = self.get(name) else {
            return Ok(Vec::new());
        };
        if let Some(single) = value.as_string() {
            return Ok(vec![single]);
        }
        let wrong = || config_error(&format!("'{name}' must be a string or an array of strings"));
        let array: Array = value.dyn_into().map_err(|_| wrong())?;
        array
            .iter()
            .map(|v| v.as_string().ok_or_else(wrong))
            .collect()
    }

    /// A whole number of seconds, 0 or more.
    pub(crate) fn seconds(&self, name: &str) -> Result<Option<u64>, JsValue> {
        self.get(name)
            .map(|v| match v.as_f64() {
                Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 => {
                    Ok(n as u64)
                }
                _ => Err(config_error(&format!(
                    "'{name}' must be a whole number of seconds, 0 or more"
                ))),
            })
            .transpose()
    }

    pub(crate) fn flag(&self, name: &str) -> Result<bool, JsValue> {
        match self.get(name) {
            None => Ok(false),
            Some(v) => v
                .as_bool()
                .ok_or_else(|| config_error(&format!("'{name}' must be true or false"))),
        }
    }

    pub(crate) fn function(&self, name: &str) -> Result<Option<Function>, JsValue> {
        self.get(name)
            .map(|v| {
                v.dyn_into::<Function>()
                    .map_err(|_| config_error(&format!("'{name}' must be a function")))
            })
            .transpose()
    }

    pub(crate) fn algorithms(&self) -> Result<Vec<Algorithm>, JsValue> {
        let names = self.strings("algorithms")?;
        if names.is_empty() {
            return Ok(vec![Algorithm::RS256]);
        }
        names
            .iter()
            .map(|name| {
                name.parse::<Algorithm>().map_err(|_| {
                    let known: Vec<&str> = Algorithm::ALL
                        .into_iter()
                        .filter(|alg| alg.is_supported())
                        .map(Algorithm::name)
                        .collect();
                    config_error(&format!(
                        "unsupported algorithm '{name}' ({})",
                        known.join(", ")
                    ))
                })
            })
            .collect()
    }

    /// `jwksCache: { cooldownSeconds, refreshIntervalSeconds, maxStaleSeconds }`.
    pub(crate) fn cache_settings(&self) -> Result<CacheSettings, JsValue> {
        let mut settings = CacheSettings::default();
        let Some(value) = self.get("jwksCache") else {
            return Ok(settings);
        };
        let nested = Options::new(
            &value,
            &[
                "cooldownSeconds",
                "refreshIntervalSeconds",
                "maxStaleSeconds",
            ],
        )?;
        if let Some(s) = nested.seconds("cooldownSeconds")? {
            settings.cooldown = s;
        }
        if let Some(s) = nested.seconds("refreshIntervalSeconds")? {
            settings.refresh_interval = s;
        }
        if let Some(s) = nested.seconds("maxStaleSeconds")? {
            settings.max_stale = s;
        }
        Ok(settings)
    }
}
