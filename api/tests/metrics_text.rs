//! What the metric views write: numbers, times with their zone, ticks, CSV, min/max/last, and
//! the runs and params of a comparison.

use aml_api::metrics::compare::{param_rows, parse_ids};
use aml_api::metrics::csv::{csv_file_name, history_csv};
use aml_api::metrics::{format, summarize, ticks, Point, XAxis};
use aml_api::mlflow::KeyValue;

#[test]
fn values_read_well_at_every_magnitude() {
    let cases = [
        (0.123456789, "0.123457"),
        (-2.5, "-2.5"),
        (0.0, "0"),
        (1234567.0, "1234567"),
        (0.0001, "0.0001"),
        (0.00001234, "1.234e-5"),
        (3e12, "3e12"),
        (42.0, "42"),
    ];
    for (v, want) in cases {
        assert_eq!(format::value(v), want, "{v}");
    }
    assert_eq!(
        (format::value(f64::NAN), format::value(f64::INFINITY), format::value(f64::NEG_INFINITY)),
        ("NaN".into(), "∞".into(), "-∞".into())
    );
}

#[test]
fn times_say_their_zone() {
    assert_eq!(format::zone(0), "UTC");
    assert_eq!(format::zone(180), "UTC+03:00");
    assert_eq!(format::zone(-330), "UTC-05:30");
    // 2026-11-27T13:03:05.120Z
    let ms = 1_795_784_585_120;
    assert_eq!(format::iso_utc(ms), "2026-11-27T13:03:05.120Z");
    assert_eq!(format::wall_time(ms, 60), "2026-11-27 14:03:05.120 UTC+01:00");
    assert_eq!(format::wall_time(ms, -600), "2026-11-27 03:03:05.120 UTC-10:00");
    assert_eq!(format::wall_time(-1, 0), "1969-12-31 23:59:59.999 UTC");
    let spans = [
        (250.0, "250ms"),
        (1_500.0, "1.5s"),
        (45_000.0, "45s"),
        (90_000.0, "1m 30s"),
        (3_600_000.0, "1h"),
        (3_900_000.0, "1h 05m"),
        (97_200_000.0, "1d 03h"),
        (-2_000.0, "-2s"),
    ];
    for (ms, want) in spans {
        assert_eq!(format::span(ms), want);
    }
}

#[test]
fn nice_ranges_and_ticks() {
    assert_eq!(ticks::nice_step(10.0, 5), 2.0);
    assert_eq!(ticks::nice_step(0.74, 5), 0.1);
    assert_eq!(ticks::nice_step(7_300.0, 4), 2_000.0);
    let (lo, hi, step) = ticks::nice_range(0.13, 0.87, 5);
    assert!((lo - 0.1).abs() < 1e-12 && (hi - 0.9).abs() < 1e-12 && step == 0.1);
    let labels: Vec<String> = ticks::linear(lo, hi, step).into_iter().map(|t| t.label).collect();
    assert_eq!(labels, ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"]);
    let labels: Vec<String> = ticks::linear(-1.0, 1.0, 0.5).into_iter().map(|t| t.label).collect();
    assert_eq!(labels, ["-1.0", "-0.5", "0.0", "0.5", "1.0"]);
    // A flat value gets a span around it.
    assert_eq!(ticks::widen(5.0, 5.0), (4.5, 5.5));
    assert_eq!(ticks::widen(0.0, 0.0), (-1.0, 1.0));
    // Absurd spans give no ticks rather than millions.
    assert!(ticks::linear(0.0, 1e12, 1.0).is_empty());
}

#[test]
fn wall_ticks_fall_on_the_local_clock() {
    // 10:00:07 → 10:04:53 local time at UTC+05:30: ticks every minute on the minute.
    let offset = 330;
    let local_midnight = 1_795_737_600_000 - i64::from(offset) * 60_000;
    let lo = (local_midnight + 10 * 3_600_000 + 7_000) as f64;
    let hi = lo + 286_000.0;
    let t = ticks::wall(lo, hi, 5, offset);
    let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["10:01", "10:02", "10:03", "10:04"]);
    assert!(t.iter().all(|t| t.value >= lo && t.value <= hi));
    let rel: Vec<String> = ticks::relative(0.0, 95_000.0, 4).into_iter().map(|t| t.label).collect();
    assert_eq!(rel, ["0ms", "30s", "1m", "1m 30s"]);
}

#[test]
fn readouts_name_the_x_of_a_point() {
    let p = Point::new(12, 1_795_784_585_120, 0.5);
    assert_eq!(XAxis::Step.readout(&p, 0, 0), "step 12");
    assert_eq!(XAxis::WallTime.readout(&p, 0, 0), "2026-11-27 13:03:05.120 UTC");
    assert_eq!(XAxis::Relative.readout(&p, p.timestamp - 90_000, 0), "1m 30s");
    assert_eq!(XAxis::from_id("relative"), XAxis::Relative);
    assert_eq!(XAxis::from_id("bogus"), XAxis::Step);
}

#[test]
fn csv_round_trips_every_value() {
    let pts = [
        Point::new(0, 1_795_784_585_120, 0.1),
        Point::new(1, 1_795_784_586_000, f64::NAN),
        Point::new(2, 1_795_784_587_000, f64::INFINITY),
        Point::new(-3, 0, -1.2345678901234567e-7),
        Point::new(9_007_199_254_740_993, 1, f64::NEG_INFINITY),
    ];
    let csv = history_csv(&pts);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "step,timestamp,time_utc,value");
    assert_eq!(lines[1], "0,1795784585120,2026-11-27T13:03:05.120Z,0.1");
    assert_eq!(lines[2], "1,1795784586000,2026-11-27T13:03:06.000Z,NaN");
    assert_eq!(lines[3], "2,1795784587000,2026-11-27T13:03:07.000Z,Infinity");
    assert_eq!(lines[5], "9007199254740993,1,1970-01-01T00:00:00.001Z,-Infinity");
    assert_eq!(lines.len(), pts.len() + 2, "CRLF after every row");
    let back: f64 = lines[4].rsplit(',').next().unwrap().parse().unwrap();
    assert_eq!(back, pts[3].value);
    assert_eq!(csv_file_name("job_1", "val/loss: top 5"), "job_1_val_loss__top_5.csv");
}

#[test]
fn summary_is_min_max_and_mlflows_latest() {
    let pts = [
        Point::new(0, 10, 3.0),
        Point::new(5, 20, f64::NAN),
        Point::new(2, 30, -1.0),
        Point::new(5, 15, 8.0),
        Point::new(4, 40, 2.0),
    ];
    let s = summarize(&pts);
    assert_eq!((s.min, s.max, s.count, s.non_finite), (Some(-1.0), Some(8.0), 5, 1));
    // Highest step wins, then the latest time: step 5 at t=20 (NaN), not the last logged.
    let last = s.last.unwrap();
    assert_eq!((last.step, last.timestamp), (5, 20));
    assert_eq!(summarize(&[]).last, None);
}

#[test]
fn compare_selection_is_checked() {
    assert_eq!(parse_ids(Some("a,b , c,,a")).unwrap(), ["a", "b", "c"]);
    assert!(parse_ids(None).unwrap_err().contains("No jobs"));
    assert!(parse_ids(Some("only-one")).unwrap_err().contains("Only one job (only-one)"));
    assert!(parse_ids(Some("x,x")).unwrap_err().contains("Only one job"));
    let eleven: Vec<String> = (0..11).map(|i| format!("job_{i}")).collect();
    assert!(parse_ids(Some(&eleven.join(","))).unwrap_err().contains("11 jobs are selected"));
    assert_eq!(parse_ids(Some(&eleven[..10].join(","))).unwrap().len(), 10);
    let e = parse_ids(Some("good,../etc")).unwrap_err();
    assert!(e.contains("“../etc” is not a job name"), "{e}");
}

fn kv(pairs: &[(&str, &str)]) -> Vec<KeyValue> {
    pairs.iter().map(|(k, v)| KeyValue { key: k.to_string(), value: v.to_string() }).collect()
}

#[test]
fn params_side_by_side_mark_differences() {
    let rows = param_rows(&[
        kv(&[("lr", "0.1"), ("batch", "32"), ("seed", "1")]),
        kv(&[("lr", "0.01"), ("batch", "32")]),
        kv(&[("batch", "32"), ("lr", "0.1"), ("seed", "1")]),
    ]);
    let view: Vec<(&str, bool)> = rows.iter().map(|r| (r.key.as_str(), r.differs)).collect();
    assert_eq!(view, [("batch", false), ("lr", true), ("seed", true)]);
    assert_eq!(rows[2].values, [Some("1".to_string()), None, Some("1".to_string())]);
    assert!(param_rows(&[vec![], vec![]]).is_empty());
}
