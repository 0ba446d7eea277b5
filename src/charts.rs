//! Bar charts drawn at build time as inline SVG, with a text alternative.

use crate::content::data::DataSet;
use crate::i18n;
use crate::markup::escape;
use serde::Serialize;

/// What a template needs to show one chart in one language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartView {
    pub name: String,
    pub title: String,
    pub description: String,
    pub unit: String,
    pub source: String,
    pub note: Option<String>,
    /// The drawing; styled by the site's CSS (`.chart .bar`), so dark mode applies.
    pub svg: String,
    /// The same values as a table, for screen readers and print.
    pub rows: Vec<ChartRow>,
    /// The newest briefing in this language that shows the chart: the home page
    /// links it under the chart.
    pub from: Option<ChartFrom>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartFrom {
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartRow {
    pub label: String,
    pub value: String,
    pub derived: bool,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 40.0;

pub(crate) fn view(data: &DataSet, lang: &str, format: &i18n::Format) -> ChartView {
    let rows: Vec<ChartRow> = data
        .bars
        .iter()
        .map(|b| ChartRow {
            label: b.label.clone(),
            value: format.number(b.value, 2),
            derived: b.derived,
        })
        .collect();
    let smart = |text: &str| crate::typography::smart(text, lang);
    let title = smart(&data.title[lang]);
    let description = smart(&data.description[lang]);
    ChartView {
        svg: svg(data, &rows, &title, &description),
        name: data.name.clone(),
        title,
        description,
        unit: smart(&data.unit[lang]),
        source: smart(&data.source[lang]),
        note: data.note.as_ref().map(|n| smart(&n[lang])),
        rows,
        from: None,
    }
}

fn svg(data: &DataSet, rows: &[ChartRow], title: &str, description: &str) -> String {
    let id = format!("chart-{}", crate::urls::slugify(&data.name));
    let max = data
        .bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let slot = WIDTH / data.bars.len() as f64;
    let bar_width = (slot * 0.56).min(140.0);
    let plot = HEIGHT - TOP - BOTTOM;
    let mut out = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(description)
    );
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"0\" y1=\"{y:.1}\" x2=\"{WIDTH}\" y2=\"{y:.1}\"/>",
        y = HEIGHT - BOTTOM
    ));
    for (i, (bar, row)) in data.bars.iter().zip(rows).enumerate() {
        // The ratio first: `plot * 1e308` would overflow to infinity.
        let h = bar.value / max * plot;
        let x = slot * i as f64 + (slot - bar_width) / 2.0;
        let y = HEIGHT - BOTTOM - h;
        let class = if bar.derived { "bar derived" } else { "bar" };
        let marker = if bar.derived { "*" } else { "" };
        out.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar_width:.1}\" height=\"{h:.1}\"/>\
             <text class=\"value\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{}{marker}</text>\
             <text class=\"label\" x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\">{}</text>",
            escape(&row.value),
            escape(&row.label),
            cx = x + bar_width / 2.0,
            ty = y - 8.0,
            ly = HEIGHT - BOTTOM + 24.0,
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::data::Bar;

    #[test]
    fn bars_scale_to_the_largest_value_and_text_is_escaped() {
        let texts = |s: &str| {
            [
                ("it".to_string(), s.to_string()),
                ("en".to_string(), s.to_string()),
            ]
            .into()
        };
        let data = DataSet {
            name: "trade".into(),
            title: texts("A <b> & c"),
            description: texts("d"),
            unit: texts("u"),
            source: texts("s"),
            note: None,
            bars: vec![
                Bar {
                    label: "2023".into(),
                    value: 50.0,
                    derived: true,
                },
                Bar {
                    label: "2024".into(),
                    value: 100.0,
                    derived: false,
                },
            ],
        };
        let chart = view(&data, "it", &i18n::Format::new("it").unwrap());
        assert!(chart.svg.contains("A &lt;b&gt; &amp; c"));
        assert!(chart.svg.contains("height=\"224.0\""), "{}", chart.svg);
        assert!(chart.svg.contains("height=\"112.0\""));
        assert!(chart.svg.contains("class=\"bar derived\""));
        assert_eq!(chart.rows[0].value, "50");
    }
}
