//! Dyad series and escalation alerts.
//!
//! A dyad is an ordered actor pair (source → target). Its daily series counts
//! real-world events, not reports: each deduplicated cluster counts once, on its
//! date, and only events the text says happened (not negated; asserted or reported,
//! not hypothetical, future or intended).
//!
//! Alerts watch each dyad's material-conflict count (QuadClass 4) and conflict
//! intensity (minus the Goldstein sum) against the dyad's own recent past:
//! - `zscore`: today against the mean and standard deviation of the previous
//!   `window` days (days without events count as zero);
//! - `cusum`: a one-sided cumulative sum of standardised excesses (Page 1954), which
//!   also catches a build-up of days each too small to flag alone.

use crate::query::{where_clause, EventFilter};
use crate::{Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

/// How actors are grouped into dyads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DyadLevel {
    /// The full actor code (`RUSMIL` → `SYRREB`).
    Code,
    /// The country part only (`RUS` → `SYR`); role-first codes (`IGOUNO`) stay whole.
    Country,
}

impl DyadLevel {
    /// The SQL expressions (over `events e`) of a dyad's source and target.
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            DyadLevel::Code => ("e.source_code", "e.target_code"),
            DyadLevel::Country => (
                "coalesce(e.source_country, e.source_code)",
                "coalesce(e.target_country, e.target_code)",
            ),
        }
    }
}

/// The events a series counts (over `events e`): dated, not negated, and asserted or
/// reported, not hypothetical, future or intended. Alerts list the same events.
const COUNTED: &str =
    "e.negated = 0 AND e.modality IN ('asserted', 'reported') AND e.date IS NOT NULL";

/// One day of one dyad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadDay {
    pub date: String,
    pub source: String,
    pub target: String,
    /// Events per QuadClass: verbal cooperation, material cooperation, verbal
    /// conflict, material conflict.
    pub quad: [i64; 4],
    pub events: i64,
    /// Reports of those events (mentions over all documents).
    pub mentions: i64,
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
}

impl Store {
    /// Daily series of every dyad the filter selects, ordered by dyad then date.
    ///
    /// # Errors
    ///
    /// An invalid filter, SQLite errors.
    pub fn dyad_series(
        &self,
        filter: &EventFilter,
        level: DyadLevel,
    ) -> Result<Vec<DyadDay>, StoreError> {
        let (clause, params) = where_clause(filter)?;
        let (source, target) = level.columns();
        let and = if clause.is_empty() { "WHERE" } else { "AND" };
        let sql = format!(
            "WITH c AS (
                SELECT e.cluster_key, min(e.date) AS date, {source} AS src, {target} AS tgt,
                       max(e.quad_class) AS quad, avg(e.goldstein) AS g, count(*) AS mentions
                FROM events e JOIN documents d ON d.doc_key = e.doc_key
                {clause} {and} {COUNTED} AND e.source_code IS NOT NULL
                  AND e.target_code IS NOT NULL
                GROUP BY e.cluster_key, src, tgt
             )
             SELECT date, src, tgt, sum(quad = 1), sum(quad = 2), sum(quad = 3), sum(quad = 4),
                    count(*), sum(mentions), coalesce(sum(g), 0), coalesce(avg(g), 0)
             FROM c GROUP BY src, tgt, date ORDER BY src, tgt, date"
        );
        let mut st = self.conn().prepare(&sql).map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(DyadDay {
                    date: r.get(0)?,
                    source: r.get(1)?,
                    target: r.get(2)?,
                    quad: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                    events: r.get(7)?,
                    mentions: r.get(8)?,
                    goldstein_sum: r.get(9)?,
                    goldstein_mean: r.get(10)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }
}

/// The alerting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertMethod {
    ZScore,
    Cusum,
}

/// Alert settings.
#[derive(Debug, Clone)]
pub struct AlertOptions {
    pub method: AlertMethod,
    /// Days of history forming the baseline.
    pub window: usize,
    /// Days of history needed before a dyad can alert at all.
    pub min_history: usize,
    /// z-score threshold, or CUSUM decision interval `h`.
    pub threshold: f64,
    /// CUSUM allowance `k` (in standard deviations).
    pub allowance: f64,
    /// A day needs at least this many conflict events to alert: material-conflict
    /// events for the material-conflict count, conflict events of either kind
    /// (QuadClass 3 or 4) for the Goldstein intensity.
    pub min_events: i64,
    pub level: DyadLevel,
}

impl Default for AlertOptions {
    fn default() -> Self {
        AlertOptions {
            method: AlertMethod::ZScore,
            window: 28,
            min_history: 7,
            threshold: 3.0,
            allowance: 0.5,
            min_events: 3,
            level: DyadLevel::Code,
        }
    }
}

/// An escalation flagged on one day of one dyad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub date: String,
    pub source: String,
    pub target: String,
    /// `material_conflict` or `goldstein`.
    pub metric: &'static str,
    pub value: f64,
    pub baseline_mean: f64,
    pub baseline_sd: f64,
    /// The z-score or the CUSUM statistic.
    pub score: f64,
    /// The conflict events of that day that drove the alert, one per deduplicated
    /// event (its first report), most hostile first.
    pub events: Vec<AlertEvent>,
}

/// A deduplicated conflict event behind an alert, shown by its first report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEvent {
    pub event_id: String,
    pub document_id: String,
    pub cameo: String,
    pub goldstein: Option<f32>,
    pub trigger: String,
    /// Reports of the event among the selected documents.
    pub mentions: i64,
}

/// Standard deviations below this are raised to it: a dyad that was quiet every day
/// would otherwise alert on its first event. For counts, one event; for Goldstein,
/// one moderate conflict event's weight.
const SD_FLOOR_COUNT: f64 = 1.0;
const SD_FLOOR_GOLDSTEIN: f64 = 5.0;

/// Scores one daily series (`values[i]` is day `i`, gaps are zeros) and returns the
/// flagged days with their baseline and score.
fn flag_series(
    values: &[f64],
    sd_floor: f64,
    options: &AlertOptions,
) -> Vec<(usize, f64, f64, f64)> {
    let mut flagged = Vec::new();
    let mut cusum = 0.0;
    for day in 0..values.len() {
        let start = day.saturating_sub(options.window);
        let history = &values[start..day];
        if history.len() < options.min_history {
            continue;
        }
        let n = history.len() as f64;
        let mean = history.iter().sum::<f64>() / n;
        let var = history.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let sd = var.sqrt().max(sd_floor);
        let z = (values[day] - mean) / sd;
        match options.method {
            AlertMethod::ZScore => {
                if z >= options.threshold {
                    flagged.push((day, mean, sd, z));
                }
            }
            AlertMethod::Cusum => {
                cusum = (cusum + z - options.allowance).max(0.0);
                if cusum >= options.threshold {
                    flagged.push((day, mean, sd, cusum));
                    // Restart after a signal so one build-up alerts once.
                    cusum = 0.0;
                }
            }
        }
    }
    flagged
}

impl Store {
    /// Escalation alerts over the dyad series the filter selects, by date.
    ///
    /// # Errors
    ///
    /// As [`Store::dyad_series`].
    pub fn alerts(
        &self,
        filter: &EventFilter,
        options: &AlertOptions,
    ) -> Result<Vec<Alert>, StoreError> {
        let series = self.dyad_series(filter, options.level)?;
        let mut by_dyad: BTreeMap<(String, String), Vec<&DyadDay>> = BTreeMap::new();
        for day in &series {
            by_dyad
                .entry((day.source.clone(), day.target.clone()))
                .or_default()
                .push(day);
        }
        let mut alerts = Vec::new();
        for ((source, target), days) in by_dyad {
            let Some(first) = days.first().and_then(|d| crate::parse_day(&d.date)) else {
                continue;
            };
            let last = crate::parse_day(&days[days.len() - 1].date).unwrap_or(first);
            let len = usize::try_from(last - first + 1).unwrap_or(0);
            let mut conflict = vec![0.0; len];
            let mut intensity = vec![0.0; len];
            let mut material = vec![0i64; len];
            let mut any_conflict = vec![0i64; len];
            for d in &days {
                let Some(i) = crate::parse_day(&d.date) else {
                    continue;
                };
                let i = (i - first) as usize;
                conflict[i] = d.quad[3] as f64;
                material[i] = d.quad[3];
                any_conflict[i] = d.quad[2] + d.quad[3];
                intensity[i] = -d.goldstein_sum;
            }
            for (metric, values, floor, count) in [
                ("material_conflict", &conflict, SD_FLOOR_COUNT, &material),
                ("goldstein", &intensity, SD_FLOOR_GOLDSTEIN, &any_conflict),
            ] {
                for (i, mean, sd, score) in flag_series(values, floor, options) {
                    if count[i] < options.min_events {
                        continue;
                    }
                    let date = crate::format_day(first + i as i64);
                    let events =
                        self.alert_events(filter, &source, &target, &date, options.level)?;
                    alerts.push(Alert {
                        date,
                        source: source.clone(),
                        target: target.clone(),
                        metric,
                        value: values[i],
                        baseline_mean: mean,
                        baseline_sd: sd,
                        score,
                        events,
                    });
                }
            }
        }
        alerts
            .sort_by(|a, b| (&a.date, &a.source, &a.target).cmp(&(&b.date, &b.source, &b.target)));
        Ok(alerts)
    }

    /// The conflict events behind an alert: the deduplicated events of the dyad that
    /// the series counted on `date` (a cluster counts on its earliest report's date),
    /// among the events `filter` selects.
    fn alert_events(
        &self,
        filter: &EventFilter,
        source: &str,
        target: &str,
        date: &str,
        level: DyadLevel,
    ) -> Result<Vec<AlertEvent>, StoreError> {
        let (clause, mut params) = where_clause(filter)?;
        let (s, t) = level.columns();
        let and = if clause.is_empty() { "WHERE" } else { "AND" };
        let n = params.len();
        for v in [source, target, date] {
            params.push(rusqlite::types::Value::Text(v.to_string()));
        }
        // The same selection as `dyad_series`, so the events listed are the ones counted.
        let sql = format!(
            "WITH c AS (
                SELECT e.cluster_key, min(e.date) AS date, count(*) AS mentions,
                       min(e.event_key) AS first_report
                FROM events e JOIN documents d ON d.doc_key = e.doc_key
                {clause} {and} {COUNTED} AND {s} = ?{a} AND {t} = ?{b}
                GROUP BY e.cluster_key
                HAVING min(e.date) = ?{c}
             )
             SELECT e.event_id, d.id, e.cameo, e.goldstein, e.trigger_text, c.mentions
             FROM c JOIN events e ON e.event_key = c.first_report
                    JOIN documents d ON d.doc_key = e.doc_key
             WHERE e.quad_class >= 3 OR e.goldstein < 0
             ORDER BY e.goldstein, e.event_key",
            a = n + 1,
            b = n + 2,
            c = n + 3,
        );
        let mut st = self.conn().prepare(&sql).map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(AlertEvent {
                    event_id: r.get(0)?,
                    document_id: r.get(1)?,
                    cameo: r.get(2)?,
                    goldstein: r.get::<_, Option<f64>>(3)?.map(|g| g as f32),
                    trigger: r.get(4)?,
                    mentions: r.get(5)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zscore_flags_a_spike_after_a_quiet_baseline_only() {
        let mut values = vec![0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        values.push(6.0);
        let flagged = flag_series(&values, 1.0, &AlertOptions::default());
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].0, 10);
        // Too little history: no alert, however large.
        assert!(flag_series(&[0.0, 9.0], 1.0, &AlertOptions::default()).is_empty());
    }

    #[test]
    fn cusum_catches_a_build_up_that_no_single_day_shows() {
        let mut values = vec![0.0; 10];
        values.extend([2.0, 2.0, 2.0, 2.0]);
        let z = flag_series(&values, 1.0, &AlertOptions::default());
        assert!(z.is_empty(), "{z:?}");
        let cusum = AlertOptions {
            method: AlertMethod::Cusum,
            threshold: 4.0,
            ..AlertOptions::default()
        };
        let c = flag_series(&values, 1.0, &cusum);
        assert!(!c.is_empty());
    }
}
