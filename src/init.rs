//! `briefing init DIR`: a new site that builds and passes `check` at once: a commented
//! site.yaml, a ui.yaml with every UI string in every language, one example briefing
//! per language, and no templates (the builtin theme serves).
//!
//! Languages the builtin strings know (it, en, ru) get their own texts; any other
//! supported locale gets the English ones, each marked `# TODO: translate`, so the
//! site builds at once and an editor sees what is left to do.

use crate::config::BUILTIN_UI;
use crate::config::raw::RawText;
use crate::config::ui;
use crate::diagnostics::{Failure, Problem};
use crate::i18n::{Format, LocaleError};
use crate::urls::is_valid_slug;
use anyhow::Context as _;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What init writes for a language: its name, the site's title and description, the
/// example briefing and the names of the example taxonomy.
struct Texts {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    briefings: &'static str,
    pages: &'static str,
    welcome_title: &'static str,
    welcome_summary: &'static str,
    welcome_body: &'static str,
    topics: &'static str,
    general: &'static str,
}

const ENGLISH: Texts = Texts {
    name: "English",
    title: "My briefing",
    description: "Short, sourced briefings.",
    briefings: "Briefings",
    pages: "Pages",
    welcome_title: "Welcome to the briefing",
    welcome_summary: "The first briefing: replace it with your own.",
    welcome_body: "This site was made by `briefing init`. Edit site.yaml for the languages, sections and taxonomies, write briefings in content/briefings/, and run `briefing serve` to see them.",
    topics: "Topics",
    general: "General",
};

/// The languages init has its own texts for (the builtin UI strings cover them too).
fn texts(code: &str) -> Option<Texts> {
    Some(match code {
        "en" => ENGLISH,
        "it" => Texts {
            name: "Italiano",
            title: "Il mio briefing",
            description: "Analisi brevi e verificate.",
            briefings: "Analisi",
            pages: "Pagine",
            welcome_title: "Benvenuti nel briefing",
            welcome_summary: "La prima analisi: sostituitela con la vostra.",
            welcome_body: "Questo sito è stato creato da `briefing init`. Modificate site.yaml per lingue, sezioni e tassonomie, scrivete le analisi in content/briefings/ e lanciate `briefing serve` per vederle.",
            topics: "Temi",
            general: "Generale",
        },
        "ru" => Texts {
            name: "Русский",
            title: "Мой обзор",
            description: "Краткие обзоры со ссылками на источники.",
            briefings: "Обзоры",
            pages: "Страницы",
            welcome_title: "Добро пожаловать",
            welcome_summary: "Первый обзор: замените его своим.",
            welcome_body: "Этот сайт создан командой `briefing init`. Языки, разделы и таксономии задаются в site.yaml, обзоры пишутся в content/briefings/, а `briefing serve` показывает результат.",
            topics: "Темы",
            general: "Общее",
        },
        _ => return None,
    })
}

/// `briefing init DIR --languages A,B`: writes the new site; returns the files written.
/// A DIR that exists and is not empty is refused, and nothing is written then.
pub fn run(dir: &Path, languages: &[String]) -> Result<Vec<PathBuf>, Failure> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Problem::new(
            dir,
            "the folder is not empty; `init` writes only into an empty or new folder",
        )
        .hint("pick a new folder, e.g. `briefing init my-site`")
        .into());
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Problem::new(dir, "this is a file, not a folder")
            .hint("pick a new folder")
            .into());
    }
    let codes = check_languages(languages)?;
    let files = files(&codes)?;
    let mut written = Vec::new();
    for (relative, text) in &files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// The language codes, checked: well formed, distinct, and with CLDR data.
fn check_languages(languages: &[String]) -> Result<Vec<String>, Failure> {
    let codes: Vec<String> = languages
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let mut problems = Vec::new();
    if codes.is_empty() {
        problems.push(
            Problem::new("--languages", "no language given")
                .hint("write them like `--languages it,en`"),
        );
    }
    for (i, code) in codes.iter().enumerate() {
        if codes[..i].contains(code) {
            problems.push(
                Problem::new("--languages", format!("`{code}` is given twice"))
                    .hint("name each language once"),
            );
        } else if !is_valid_slug(code) || code.contains('_') {
            problems.push(
                Problem::new("--languages", format!("`{code}` is not a language code"))
                    .hint("use lowercase codes such as `it`, `en`, `ru`"),
            );
        } else if let Err(err) = Format::new(code) {
            let why = match err {
                LocaleError::Invalid => "is not a BCP 47 language code",
                LocaleError::Unsupported => {
                    "has no CLDR dates, numbers and plural rules in this build"
                }
            };
            problems.push(
                Problem::new("--languages", format!("`{code}` {why}"))
                    .hint("the README lists the supported locales"),
            );
        }
    }
    if problems.is_empty() {
        Ok(codes)
    } else {
        Err(problems.into())
    }
}

/// Every file of the new site: path relative to DIR -> text.
fn files(codes: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    let mut files = BTreeMap::new();
    files.insert("site.yaml".to_string(), site_yaml(codes));
    files.insert("ui.yaml".to_string(), ui_yaml(codes)?);
    for code in codes {
        let t = texts(code).unwrap_or(ENGLISH);
        let todo = if texts(code).is_none() {
            " # TODO: translate"
        } else {
            ""
        };
        files.insert(
            format!("content/briefings/welcome.{code}.md"),
            format!(
                "---\n# An example: replace it with your first briefing.\ntitle: \"{}\"{todo}\ndate: 2025-01-01\nsummary: \"{}\"{todo}\nslug: welcome\ntopics: [general]\n---\n\n{}\n",
                t.welcome_title, t.welcome_summary, t.welcome_body
            ),
        );
    }
    files.insert(".gitignore".to_string(), "public/\n".to_string());
    Ok(files)
}

fn site_yaml(codes: &[String]) -> String {
    let mut out = String::new();
    let lang_map = |pick: &dyn Fn(&Texts) -> String| {
        let parts: Vec<String> = codes
            .iter()
            .map(|c| format!("{c}: {}", quote(&pick(&texts(c).unwrap_or(ENGLISH)))))
            .collect();
        format!("{{ {} }}", parts.join(", "))
    };
    let same = |slug: &str| {
        let parts: Vec<String> = codes.iter().map(|c| format!("{c}: {slug}")).collect();
        format!("{{ {} }}", parts.join(", "))
    };
    let _ = writeln!(
        out,
        "# The site, made by `briefing init`. Every key is explained in the README."
    );
    let _ = writeln!(
        out,
        "base_url: https://example.org       # where the site is published (feeds, sitemap, canonical links)"
    );
    let _ = writeln!(
        out,
        "default_language: {}                # the language of the x-default alternates",
        codes[0]
    );
    let _ = writeln!(
        out,
        "page_size: 10                       # items per list page"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# In this order everywhere: the language switcher, the chooser, the sitemap."
    );
    let _ = writeln!(
        out,
        "# `locale` (BCP 47, e.g. en-GB) sets how dates, numbers and plurals are written."
    );
    let _ = writeln!(out, "languages:");
    for code in codes {
        let known = texts(code);
        let t = known.as_ref().unwrap_or(&ENGLISH);
        let todo = if known.is_none() {
            "  # TODO: translate"
        } else {
            ""
        };
        let name = if known.is_some() {
            t.name.to_string()
        } else {
            code.clone()
        };
        let _ = writeln!(out, "  {code}:");
        let _ = writeln!(out, "    name: {}{todo}", quote(&name));
        let _ = writeln!(out, "    locale: {code}");
        let _ = writeln!(out, "    title: {}{todo}", quote(t.title));
        let _ = writeln!(out, "    description: {}{todo}", quote(t.description));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Each section is a folder of content/: content/SECTION/NAME.LANG.md."
    );
    let _ = writeln!(out, "sections:");
    let _ = writeln!(out, "  briefings:");
    let _ = writeln!(out, "    name: {}", lang_map(&|t| t.briefings.to_string()));
    let _ = writeln!(
        out,
        "    slug: {}       # URL segment per language",
        same("briefings")
    );
    let _ = writeln!(
        out,
        "    list: list.html      # the template of its list pages (none: no list)"
    );
    let _ = writeln!(out, "    item: briefing.html  # the template of each page");
    let _ = writeln!(
        out,
        "    timeline: true       # its `event`s make the timeline"
    );
    let _ = writeln!(
        out,
        "    feed: true           # in the Atom feed and on the home page"
    );
    let _ = writeln!(out, "    search: true         # in the search index");
    let _ = writeln!(
        out,
        "  pages:                 # about, method...: no list, not in the feed"
    );
    let _ = writeln!(out, "    name: {}", lang_map(&|t| t.pages.to_string()));
    let _ = writeln!(out, "    slug: {}", same("pages"));
    let _ = writeln!(out, "    item: page.html");
    let _ = writeln!(out, "    search: true");
    let _ = writeln!(out);
    let _ = writeln!(out, "timeline: {{ slug: {} }}", same("timeline"));
    let _ = writeln!(out, "search: {{ slug: {} }}", same("search"));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Front-matter names each taxonomy by its key: `topics: [general]`. An optional\n# `description: {{ LANG: \"…\" }}` is the lede of its index page."
    );
    let _ = writeln!(out, "taxonomies:");
    let _ = writeln!(out, "  topics:");
    let _ = writeln!(out, "    name: {}", lang_map(&|t| t.topics.to_string()));
    let _ = writeln!(out, "    slug: {}", same("topics"));
    let _ = writeln!(out, "    terms:");
    let _ = writeln!(out, "      general:");
    for code in codes {
        let t = texts(code).unwrap_or(ENGLISH);
        let _ = writeln!(
            out,
            "        {code}: {{ name: {}, slug: general }}",
            quote(t.general)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Authors that front-matter can name (`authors: [ada]`), a name per language:"
    );
    let _ = writeln!(out, "# authors:");
    let _ = writeln!(out, "#   ada: {}", same("\"Ada Rossi\""));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# The main navigation; without `nav:` it is home, every listed section, every"
    );
    let _ = writeln!(
        out,
        "# taxonomy and the timeline. A page: {{ page: \"@/pages/about.md\", label: about }}."
    );
    let _ = writeln!(out, "# nav: [home, briefings, topics, timeline]");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "ui: ui.yaml              # the interface strings, overriding the builtin ones key by key"
    );
    out
}

/// Every builtin UI string in every language of `codes`: the builtin text where there
/// is one, else the English one marked for translation (with the plural forms the
/// language needs).
fn ui_yaml(codes: &[String]) -> Result<String, Failure> {
    let builtin = ui::parse(BUILTIN_UI, Path::new("<builtin>/ui.yaml"))?;
    let formats: Vec<(String, Format)> = codes
        .iter()
        .filter_map(|c| Format::new(c).ok().map(|f| (c.clone(), f)))
        .collect();
    let mut out = String::from(
        "# The interface strings of the site, one key per block, a text per language.\n\
         # Plural strings give each CLDR form the language uses; `{n}` is the number.\n\
         # Lines marked `TODO: translate` hold the English text.\n",
    );
    let mut keys: Vec<&String> = builtin.keys().collect();
    // The `in_CODE` phrases of languages the builtin strings do not know.
    let extra: Vec<String> = codes
        .iter()
        .map(|c| format!("in_{c}"))
        .filter(|k| !builtin.contains_key(k))
        .collect();
    keys.extend(extra.iter());
    for key in keys {
        let _ = writeln!(out, "{key}:");
        for (code, format) in &formats {
            let own = builtin.get(key).and_then(|texts| texts.get(code));
            let english = builtin.get(key).and_then(|texts| texts.get("en"));
            match (own, english) {
                (Some(text), _) => write_text(&mut out, code, text, ""),
                (None, Some(RawText::Plural(forms))) => {
                    let _ = writeln!(out, "  {code}:  # TODO: translate");
                    for category in format.plural_categories() {
                        let text = forms
                            .get(category)
                            .or_else(|| forms.get("other"))
                            .cloned()
                            .unwrap_or_default();
                        let _ = writeln!(out, "    {category}: {}", quote(&text));
                    }
                }
                (None, Some(RawText::Text(text))) => {
                    let _ = writeln!(out, "  {code}: {}  # TODO: translate", quote(text));
                }
                (None, None) => {
                    // `in_xx` of a language the builtin strings do not know.
                    let target = key.trim_start_matches("in_");
                    let _ = writeln!(
                        out,
                        "  {code}: {}  # TODO: translate",
                        quote(&format!("in {target}"))
                    );
                }
            }
        }
    }
    Ok(out)
}

fn write_text(out: &mut String, code: &str, text: &RawText, note: &str) {
    match text {
        RawText::Text(text) => {
            let _ = writeln!(out, "  {code}: {}{note}", quote(text));
        }
        RawText::Plural(forms) => {
            let _ = writeln!(out, "  {code}:{note}");
            for (category, text) in forms {
                let _ = writeln!(out, "    {category}: {}", quote(text));
            }
        }
    }
}

fn quote(text: &str) -> String {
    crate::import::quote(text)
}
