//! Scenario scripts (player-cli.md): one step per line, `#` comments, blank lines ignored.

use anyhow::{bail, Context};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Tap(String),
    Input(String, String),
    Scroll(String, f32),
    Back,
    WaitIdle,
    WaitMs(u64),
    Shot(PathBuf),
    Dump(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: usize,
    pub text: String,
    pub step: Step,
}

/// Parses a whole script; the first bad line is an error naming it.
pub fn parse(file: &str, text: &str) -> anyhow::Result<Vec<Line>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let step = parse_step(line).with_context(|| format!("{file}:{number}: {line}"))?;
        out.push(Line {
            number,
            text: line.to_string(),
            step,
        });
    }
    Ok(out)
}

fn parse_step(line: &str) -> anyhow::Result<Step> {
    let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let need = |what: &str| -> anyhow::Result<()> {
        if rest.is_empty() {
            bail!("`{verb}` needs {what}");
        }
        Ok(())
    };
    Ok(match verb {
        "tap" => {
            need("a selector")?;
            Step::Tap(rest.to_string())
        }
        "input" => {
            need("a selector and text")?;
            let (sel, text) = split_selector(rest);
            Step::Input(sel.to_string(), text.to_string())
        }
        "scroll" => {
            need("a selector and a distance")?;
            let (sel, dy) = rest
                .rsplit_once(char::is_whitespace)
                .context("`scroll` needs SEL DY")?;
            let dy: f32 = dy
                .trim()
                .parse()
                .context("scroll distance is not a number")?;
            Step::Scroll(sel.trim().to_string(), dy)
        }
        "back" => Step::Back,
        "wait" => match rest {
            "idle" => Step::WaitIdle,
            ms => Step::WaitMs(
                ms.parse()
                    .with_context(|| format!("`wait {ms}`: expected `idle` or milliseconds"))?,
            ),
        },
        "shot" => {
            need("a file name")?;
            Step::Shot(PathBuf::from(rest))
        }
        "dump" => {
            need("a file name")?;
            Step::Dump(PathBuf::from(rest))
        }
        other => bail!("unknown step `{other}`"),
    })
}

/// `input SEL TEXT...`: the selector is the first word (selectors with spaces are descendant
/// selectors, which `input` does not take).
fn split_selector(rest: &str) -> (&str, &str) {
    match rest.split_once(char::is_whitespace) {
        Some((sel, text)) => (sel, text.trim_start()),
        None => (rest, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_step() {
        let text = "# c\n\ntap button\ninput #name hello world\nscroll page -120\nback\nwait idle\nwait 250\nshot a.png\ndump d.txt\n";
        let steps: Vec<Step> = parse("s.txt", text)
            .expect("valid")
            .into_iter()
            .map(|l| l.step)
            .collect();
        assert_eq!(
            steps,
            vec![
                Step::Tap("button".into()),
                Step::Input("#name".into(), "hello world".into()),
                Step::Scroll("page".into(), -120.0),
                Step::Back,
                Step::WaitIdle,
                Step::WaitMs(250),
                Step::Shot("a.png".into()),
                Step::Dump("d.txt".into()),
            ]
        );
    }

    #[test]
    fn bad_line_is_named() {
        let e = parse("s.txt", "tap a\nfly away\n").expect_err("bad");
        assert!(format!("{e:#}").contains("s.txt:2"), "{e:#}");
        assert!(parse("s.txt", "wait soon").is_err());
        assert!(parse("s.txt", "tap").is_err());
    }
}
