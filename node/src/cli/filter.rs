//! `--since`, `--kind` and `-n` for `events` and `audit tail`: which records to print.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::UsageError;

/// What to keep of a time-ordered list of records.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    since: Option<OffsetDateTime>,
    kinds: Vec<String>,
    last: Option<usize>,
}

impl Filter {
    /// `since`: an RFC 3339 time, or a duration back from now (`10m`, `2h`); `kinds`: a
    /// comma-separated list; `last`: keep only the newest this many.
    pub fn new(
        since: Option<&str>,
        kinds: Option<&str>,
        last: Option<usize>,
    ) -> Result<Filter, UsageError> {
        let since = since
            .map(|s| {
                OffsetDateTime::parse(s, &Rfc3339).or_else(|_| {
                    crate::config::parse_duration(s)
                        .map(|d| OffsetDateTime::now_utc() - d)
                        .map_err(|_| {
                            UsageError(format!(
                                "--since {s:?}: give an RFC 3339 time (2026-12-06T13:20:00Z) \
                                 or a duration back from now (10m, 2h)"
                            ))
                        })
                })
            })
            .transpose()?;
        let kinds = kinds
            .map(|k| {
                k.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Filter { since, kinds, last })
    }

    /// Whether a record of `kind` at `time` (RFC 3339) is kept. A time that does not
    /// parse is kept: the filter never hides what it cannot read.
    pub fn keeps(&self, time: &str, kind: &str) -> bool {
        if !self.kinds.is_empty() && !self.kinds.iter().any(|k| k == kind) {
            return false;
        }
        match (self.since, OffsetDateTime::parse(time, &Rfc3339)) {
            (Some(since), Ok(t)) => t >= since,
            _ => true,
        }
    }

    /// The records kept, newest `-n` of them last.
    pub fn apply<T>(&self, items: Vec<T>, key: impl Fn(&T) -> (&str, &str)) -> Vec<T> {
        let mut kept: Vec<T> = items
            .into_iter()
            .filter(|i| {
                let (t, k) = key(i);
                self.keeps(t, k)
            })
            .collect();
        if let Some(n) = self.last {
            let skip = kept.len().saturating_sub(n);
            kept.drain(..skip);
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_kind_and_last_combine() {
        let f = Filter::new(Some("2026-01-01T00:00:00Z"), Some("a, c"), Some(2)).unwrap();
        let items = vec![
            ("2025-12-31T23:59:59.999Z", "a"),
            ("2026-01-01T00:00:00.000Z", "a"),
            ("2026-01-02T00:00:00Z", "b"),
            ("2026-01-03T00:00:00.5Z", "c"),
            ("2026-01-04T00:00:00Z", "a"),
        ];
        let kept = f.apply(items, |(t, k)| (*t, *k));
        assert_eq!(
            kept,
            vec![
                ("2026-01-03T00:00:00.5Z", "c"),
                ("2026-01-04T00:00:00Z", "a")
            ]
        );
        assert!(Filter::new(Some("yesterday"), None, None).is_err());
        let recent = Filter::new(Some("10m"), None, None).unwrap();
        assert!(!recent.keeps("2020-01-01T00:00:00Z", "x"));
        assert!(recent.keeps(&crate::clock::rfc3339(crate::clock::now()), "x"));
    }
}
