//! Checks `maps:` of site.yaml: the taxonomy the maps draw, the outlines' file, and the
//! credit line every map carries.

use super::checks::{Checker, Source};
use super::raw::RawConfig;
use super::ui::Ui;
use super::{MapsConfig, Taxonomy};
use std::collections::BTreeMap;

/// What every map's credit line must name: the source of the outlines it draws.
pub(crate) const CREDITED: &str = "Natural Earth";

pub(super) fn maps(
    c: &mut Checker,
    raw: &RawConfig,
    taxonomies: &[Taxonomy],
    ui_file: Source,
    ui: &BTreeMap<String, Ui>,
) -> Option<MapsConfig> {
    let maps = raw.maps.as_ref()?;
    if !taxonomies.iter().any(|t| t.key == maps.taxonomy) {
        let known: Vec<&str> = taxonomies.iter().map(|t| t.key.as_str()).collect();
        c.push(
            &["maps", "taxonomy"],
            format!(
                "`maps` names the taxonomy `{}`, which site.yaml does not declare",
                maps.taxonomy
            ),
            if known.is_empty() {
                "declare the taxonomy of countries under `taxonomies:` first".to_string()
            } else {
                format!("name one of: {}", known.join(", "))
            },
        );
    }
    let plain = !maps.data.contains(['/', '\\']) && !maps.data.starts_with('.');
    if !plain || !maps.data.ends_with(".geo.yaml") {
        c.push(
            &["maps", "data"],
            format!(
                "`maps.data` is `{}`, not the name of a map data file",
                maps.data
            ),
            "name a file of content/data/ ending in `.geo.yaml`, e.g. `central-asia.geo.yaml`",
        );
    }
    for (code, strings) in ui {
        let credit = strings.get("map_credit");
        if !credit.contains(CREDITED) {
            c.push_problem(ui_file.at(
                &["map_credit", code],
                format!("the map credit `{credit}` in `{code}` does not name {CREDITED}, whose outlines the maps draw"),
                format!("keep `{CREDITED}` in it, e.g. \"Borders: {CREDITED}\""),
            ));
        }
    }
    Some(MapsConfig {
        taxonomy: maps.taxonomy.clone(),
        data: maps.data.clone(),
    })
}
