//! The maps of each page as template values (`maps`), each drawn once per rendering.

use crate::diagnostics::Problem;
use crate::maps::pages::{self, Key};
use crate::site::{Route, Site};
use std::collections::HashMap;
use std::sync::Mutex;
use tera::Value;

/// The maps drawn so far in one rendering, by what they show: a map on many pages (the
/// same countries at the same depth) is drawn and serialized once. Only looked up, never
/// iterated, so the order of the map cannot reach the output.
#[derive(Default)]
pub(super) struct MapValues {
    drawn: Mutex<HashMap<Key, Value>>,
}

impl MapValues {
    /// The maps of `route` in `lang` (a page at `root` from the output root), as a list.
    pub(super) fn of(
        &self,
        site: &Site,
        lang: &str,
        route: Route,
        root: &str,
    ) -> Result<Value, Problem> {
        let mut list = Vec::new();
        for key in pages::keys(site, lang, route, root) {
            let known = self
                .drawn
                .lock()
                .expect("no renderer panics")
                .get(&key)
                .cloned();
            let value = match known {
                Some(value) => value,
                None => {
                    // Drawn outside the lock: two threads may draw the same map at once,
                    // and both draw the same bytes.
                    let value = Value::from_serializable(&pages::figure(site, &key)?);
                    self.drawn
                        .lock()
                        .expect("no renderer panics")
                        .insert(key, value.clone());
                    value
                }
            };
            list.push(value);
        }
        Ok(Value::from(list))
    }
}
