//! What a page tells link previews and search engines in its head: the share image,
//! locales, article times, section and tags, and JSON-LD structured data (schema.org
//! `NewsArticle`, `WebSite` with its `SearchAction`, `BreadcrumbList`).

use crate::render::share::ShareImage;
use crate::render::views::Card;
use crate::site::{Route, Site};
use crate::urls::absolute;
use serde::Serialize;
use serde_json::{Value, json};

/// `meta` in every page's template context.
#[derive(Debug, Serialize)]
pub(crate) struct PageMeta {
    pub image: ShareImage,
    /// `og:locale`: the language's locale, `it_IT`.
    pub locale: String,
    /// `og:locale:alternate`: the locales of the page's translations.
    pub locale_alternates: Vec<String>,
    /// On briefings (documents of a section in the feed): `article:*`.
    pub article: Option<Article>,
    /// The JSON-LD, ready to go between `<script type="application/ld+json">` tags:
    /// every `<` is written `\u003c`, so no text can close the script.
    pub json_ld: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Article {
    pub published: String,
    pub modified: String,
    pub section: String,
    pub tags: Vec<String>,
}

/// The head data of `route` in `lang`, whose share image is `image`.
pub(crate) fn page(
    site: &Site,
    cards: &[Card],
    lang: &str,
    route: Route,
    image: ShareImage,
) -> PageMeta {
    let config = site.config;
    let locale_alternates = config
        .codes()
        .filter(|&other| other != lang && site.alternate(route, lang, other).is_some())
        .map(|other| og_locale(&config.language(other).locale))
        .collect();
    let article = match route {
        Route::Document(i) if is_news(site, i) => Some(article(site, &cards[i], i)),
        _ => None,
    };
    let mut graph = Vec::new();
    match route {
        Route::Home => graph.push(website(site, lang)),
        Route::Document(i) if is_news(site, i) => {
            graph.push(news_article(site, &cards[i], i, &image));
        }
        _ => {}
    }
    if route != Route::Home {
        graph.push(breadcrumbs(site, cards, lang, route));
    }
    let ld = json!({ "@context": "https://schema.org", "@graph": graph });
    PageMeta {
        image,
        locale: og_locale(&config.language(lang).locale),
        locale_alternates,
        article,
        json_ld: script_safe(&ld),
    }
}

/// `it-IT` -> `it_IT`, OpenGraph's form of a locale.
pub(crate) fn og_locale(locale: &str) -> String {
    locale.replace('-', "_")
}

/// A JSON text that can sit inside `<script>`: `<` escaped, so neither `</script>` nor
/// `<!--` can appear.
pub(crate) fn script_safe(value: &Value) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
}

/// Briefings are the documents of the sections in the feed.
fn is_news(site: &Site, i: usize) -> bool {
    site.config
        .section(&site.documents[i].section)
        .is_some_and(|s| s.feed)
}

fn article(site: &Site, card: &Card, i: usize) -> Article {
    let d = &site.documents[i];
    Article {
        published: card.date_iso.clone(),
        modified: modified(site, i),
        section: site
            .config
            .section(&d.section)
            .map_or(String::new(), |s| s.name[&d.lang].clone()),
        tags: card
            .terms
            .iter()
            .flat_map(|g| g.terms.iter().map(|t| t.name.clone()))
            .collect(),
    }
}

/// The date of the last substantive change: `updated`, else the publication date.
fn modified(site: &Site, i: usize) -> String {
    let meta = &site.documents[i].meta;
    meta.updated.unwrap_or(meta.date).to_string()
}

/// The site's publisher: the site itself, in the page's language.
fn publisher(site: &Site, lang: &str) -> Value {
    let language = site.config.language(lang);
    json!({
        "@type": "Organization",
        "name": language.title,
        "url": absolute(&site.config.base_url, &site.path(lang, Route::Home)),
    })
}

fn news_article(site: &Site, card: &Card, i: usize, image: &ShareImage) -> Value {
    let d = &site.documents[i];
    let config = site.config;
    let url = absolute(&config.base_url, &site.paths[i]);
    let authors: Vec<Value> = if card.authors.is_empty() {
        vec![publisher(site, &d.lang)]
    } else {
        card.authors
            .iter()
            .map(|name| json!({ "@type": "Person", "name": name }))
            .collect()
    };
    let mut article = json!({
        "@type": "NewsArticle",
        "headline": card.title,
        "description": card.summary,
        "datePublished": card.date_iso,
        "dateModified": modified(site, i),
        "inLanguage": config.language(&d.lang).locale,
        "url": url,
        "mainEntityOfPage": url,
        "image": [image.url],
        "author": authors,
        "publisher": publisher(site, &d.lang),
    });
    let keywords: Vec<&str> = card
        .terms
        .iter()
        .flat_map(|g| g.terms.iter().map(|t| t.name.as_str()))
        .collect();
    if !keywords.is_empty() {
        article["keywords"] = json!(keywords);
    }
    article
}

/// The language home: the site, and how to search it (`?q=` on the search page).
fn website(site: &Site, lang: &str) -> Value {
    let config = site.config;
    let language = config.language(lang);
    let search = absolute(&config.base_url, &site.path(lang, Route::Search));
    json!({
        "@type": "WebSite",
        "name": language.title,
        "description": language.description,
        "url": absolute(&config.base_url, &site.path(lang, Route::Home)),
        "inLanguage": language.locale,
        "publisher": publisher(site, lang),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{search}?q={{search_term_string}}"),
            },
            "query-input": "required name=search_term_string",
        },
    })
}

/// Home > section or taxonomy > term or page, each with its absolute URL.
fn breadcrumbs(site: &Site, cards: &[Card], lang: &str, route: Route) -> Value {
    let config = site.config;
    let ui = &config.ui[lang];
    let mut trail: Vec<(String, Route)> = vec![(ui.get("home").to_string(), Route::Home)];
    match route {
        Route::Home => {}
        Route::Document(i) => {
            let section = config.section(&site.documents[i].section);
            if let Some(s) = section.filter(|s| s.list.is_some()) {
                let list = Route::List {
                    section: &s.key,
                    page: 1,
                };
                trail.push((s.name[lang].clone(), list));
            }
            trail.push((cards[i].title.clone(), route));
        }
        Route::List { section, page } => {
            let name = config
                .section(section)
                .map_or(String::new(), |s| s.name[lang].clone());
            trail.push((name.clone(), Route::List { section, page: 1 }));
            if page > 1 {
                trail.push((format!("{name} {page}"), route));
            }
        }
        Route::Taxonomy(key) => {
            let name = config
                .taxonomy(key)
                .map_or(String::new(), |t| t.name[lang].clone());
            trail.push((name, route));
        }
        Route::Term {
            taxonomy,
            term,
            page,
        } => {
            if let Some(tax) = config.taxonomy(taxonomy) {
                trail.push((tax.name[lang].clone(), Route::Taxonomy(taxonomy)));
                let name = tax
                    .terms
                    .iter()
                    .find(|t| t.key == term)
                    .map_or(String::new(), |t| t.names[lang].name.clone());
                trail.push((
                    name.clone(),
                    Route::Term {
                        taxonomy,
                        term,
                        page: 1,
                    },
                ));
                if page > 1 {
                    trail.push((format!("{name} {page}"), route));
                }
            }
        }
        Route::Timeline => trail.push((ui.get("timeline").to_string(), route)),
        Route::Search => trail.push((ui.get("search").to_string(), route)),
    }
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(n, (name, r))| {
            json!({
                "@type": "ListItem",
                "position": n + 1,
                "name": name,
                "item": absolute(&config.base_url, &site.path(lang, *r)),
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script() {
        let text = script_safe(&json!({ "headline": "a </script><!-- b" }));
        assert!(!text.contains('<'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "a </script><!-- b");
    }

    #[test]
    fn locales_take_opengraph_form() {
        assert_eq!(og_locale("it-IT"), "it_IT");
        assert_eq!(og_locale("en"), "en");
    }
}
