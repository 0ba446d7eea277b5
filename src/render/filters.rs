//! What templates call besides their data: the `url` function and the locale-aware
//! filters `number`, `long_date` and `plural`.

use crate::config::Config;
use crate::i18n::Format;
use crate::media::{MEDIA_DIR, Picture, picture_html};
use crate::render::views::ImageView;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Kwargs, State, Tera};

/// Formats and UI strings by language, for the filters.
struct Locales {
    formats: BTreeMap<String, Arc<Format>>,
    ui: BTreeMap<String, crate::config::Ui>,
    default: String,
}

impl Locales {
    fn of(&self, state: &State) -> tera::TeraResult<&str> {
        let lang: Option<String> = state.get("lang")?;
        let lang = lang.filter(|l| self.formats.contains_key(l));
        Ok(match lang {
            Some(l) => self
                .formats
                .get_key_value(&l)
                .map_or(&self.default, |(k, _)| k),
            None => &self.default,
        })
    }
}

pub(super) fn register_filters(tera: &mut Tera, config: &Config) {
    let locales = Arc::new(Locales {
        formats: config
            .languages
            .iter()
            .map(|l| (l.code.clone(), l.format.clone()))
            .collect(),
        ui: config.ui.clone(),
        default: config.default_language.clone(),
    });
    tera.register_function(
        "url",
        |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            let root: String = state.get("root")?.unwrap_or_default();
            Ok(format!("{root}{}", path.trim_start_matches('/')))
        },
    );
    tera.register_function("picture", picture);
    let l = locales.clone();
    tera.register_filter(
        "number",
        move |value: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let decimals: usize = kwargs.get("decimals")?.unwrap_or(1);
            Ok(l.formats[l.of(state)?].number(value, decimals))
        },
    );
    let l = locales.clone();
    tera.register_filter(
        "long_date",
        move |value: &str, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            let date: jiff::civil::Date = value.parse().map_err(|e| {
                tera::Error::message(format!("long_date: `{value}` is not a date: {e}"))
            })?;
            Ok(l.formats[l.of(state)?].long_date(date))
        },
    );
    let l = locales;
    tera.register_filter(
        "plural",
        move |value: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang = l.of(state)?;
            let n = if value.is_finite() && value >= 0.0 {
                value as u64
            } else {
                0
            };
            l.ui[lang].plural(&key, n, &l.formats[lang]).ok_or_else(|| {
                tera::Error::message(format!("plural: no UI string `{key}` in `{lang}`"))
            })
        },
    );
}

/// `picture(image=card.image, sizes="(min-width: 40rem) 20rem, 100vw", lazy=true)`: the
/// `<picture>` of a processed image, its URLs relative to the page being rendered. An
/// `image` that is none gives nothing.
fn picture(kwargs: Kwargs, state: &State) -> tera::TeraResult<tera::Value> {
    let value: tera::Value = kwargs.must_get("image")?;
    if value.is_none() {
        return Ok(tera::Value::safe_string(""));
    }
    // Read from the template's value as it is (no detour through JSON): it runs for
    // every card of every list that shows a cover.
    let view = <ImageView as serde::Deserialize>::deserialize(value)
        .map_err(|e| tera::Error::message(format!("picture: `image` is not an image ({e})")))?;
    let sizes: String = kwargs.get("sizes")?.unwrap_or_else(|| "100vw".to_string());
    let lazy: bool = kwargs.get("lazy")?.unwrap_or(true);
    let root: String = state.get("root")?.unwrap_or_default();
    let alt: Option<String> = kwargs.get("alt")?;
    let processed = view.processed();
    Ok(tera::Value::safe_string(&picture_html(&Picture {
        image: &processed,
        base: &format!("{root}{MEDIA_DIR}/"),
        alt: alt.as_deref().unwrap_or(&view.alt),
        sizes: &sizes,
        lazy,
    })))
}
