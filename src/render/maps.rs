//! The maps of each page as template values (`maps`), each drawn once per rendering,
//! and the first of them made ready for the page's share card from the same drawing.

use crate::diagnostics::Problem;
use crate::maps::pages::{self, Figure, Key};
use crate::site::{Route, Site};
use crate::urls::root_of;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tera::Value;

/// The maps drawn so far in one rendering, by what they show: a map on many pages (the
/// same countries at the same depth) is drawn and serialized once, and a share card
/// uses the drawing of its page. Only looked up, never iterated, so the order of the
/// map cannot reach the output.
#[derive(Default)]
pub(super) struct MapValues {
    drawn: Mutex<HashMap<Key, Drawn>>,
}

/// One drawn map: the figure, and the same as a template value.
#[derive(Clone)]
struct Drawn {
    figure: Arc<Figure>,
    value: Value,
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
            list.push(self.drawn(site, key)?.value);
        }
        Ok(Value::from(list))
    }

    /// The first map of the page of `route` in `lang` (as that page draws it, so it is
    /// drawn once for both), for a share card's figure box; None when the page has no
    /// map or it cannot be drawn (the page reports that).
    pub(super) fn card_figure(&self, site: &Site, lang: &str, route: Route) -> Option<String> {
        let root = root_of(&site.path(lang, route));
        let key = pages::keys(site, lang, route, &root).into_iter().next()?;
        let figure = self.drawn(site, key).ok()?.figure;
        // The card leaves the map's links out, so the page's root does not reach it.
        Some(crate::share_card::map_figure(
            &figure.svg,
            figure.width,
            figure.height,
        ))
    }

    fn drawn(&self, site: &Site, key: Key) -> Result<Drawn, Problem> {
        let known = self
            .drawn
            .lock()
            .expect("no renderer panics")
            .get(&key)
            .cloned();
        if let Some(drawn) = known {
            return Ok(drawn);
        }
        // Drawn outside the lock: two threads may draw the same map at once, and both
        // draw the same bytes.
        let figure = pages::figure(site, &key)?;
        let drawn = Drawn {
            value: Value::from_serializable(&figure),
            figure: Arc::new(figure),
        };
        self.drawn
            .lock()
            .expect("no renderer panics")
            .insert(key, drawn.clone());
        Ok(drawn)
    }
}
