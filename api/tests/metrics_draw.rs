//! Chart geometry: downsampling keeps every bucket's extremes (a spike never vanishes), the
//! smoothing is the debiased moving average, and plots place series, ticks and hover points.

use aml_api::metrics::downsample::m4;
use aml_api::metrics::smooth::ema;
use aml_api::metrics::{build, PlotOptions, Point, SeriesInput, XAxis};

/// A deterministic noise source (64-bit LCG), so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn noisy(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Lcg(seed);
    let mut x = 0.0;
    let (mut xs, mut ys) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        // Uneven spacing and repeated x values, as wall times have.
        x += (rng.next() * 3.0).floor();
        xs.push(x);
        ys.push(rng.next() * 2.0 - 1.0);
    }
    (xs, ys)
}

/// The property, checked by an independent bucketing: per bucket, the kept points hold the
/// bucket's lowest and highest value and its first and last point.
fn check_buckets(xs: &[f64], ys: &[f64], buckets: usize, keep: &[usize]) {
    assert!(keep.windows(2).all(|w| w[0] < w[1]), "indices ascending, each once");
    assert!(keep.len() <= buckets * 4, "{} kept for {buckets} buckets", keep.len());
    assert_eq!((keep[0], *keep.last().unwrap()), (0, xs.len() - 1));
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let bucket = |x: f64| (((x - x0) / (x1 - x0) * buckets as f64) as usize).min(buckets - 1);
    for b in 0..buckets {
        let all: Vec<usize> = (0..xs.len()).filter(|&i| bucket(xs[i]) == b).collect();
        if all.is_empty() {
            continue;
        }
        let kept: Vec<usize> = keep.iter().copied().filter(|&i| bucket(xs[i]) == b).collect();
        let lo = |v: &[usize]| v.iter().map(|&i| ys[i]).fold(f64::INFINITY, f64::min);
        let hi = |v: &[usize]| v.iter().map(|&i| ys[i]).fold(f64::NEG_INFINITY, f64::max);
        assert_eq!((lo(&kept), hi(&kept)), (lo(&all), hi(&all)), "bucket {b}");
        assert!(kept.contains(&all[0]) && kept.contains(all.last().unwrap()), "bucket {b} ends");
    }
}

#[test]
fn downsampling_keeps_each_buckets_extremes() {
    for (n, buckets, seed) in [(100_000, 700, 1), (10_000, 333, 2), (5_000, 1, 3), (2_801, 700, 4)] {
        let (xs, mut ys) = noisy(n, seed);
        // Spikes far outside the noise, one up and one down, at arbitrary places.
        ys[n / 3 + 7] = 50.0;
        ys[n - 11] = -80.0;
        let keep = m4(&xs, &ys, buckets);
        check_buckets(&xs, &ys, buckets, &keep);
        assert!(keep.contains(&(n / 3 + 7)) && keep.contains(&(n - 11)), "spikes kept (n = {n})");
    }
}

#[test]
fn short_series_and_single_x_are_kept_whole_or_reduced_to_extremes() {
    let xs: Vec<f64> = (0..40).map(f64::from).collect();
    let ys: Vec<f64> = xs.iter().map(|x| x.sin()).collect();
    assert_eq!(m4(&xs, &ys, 10), (0..40).collect::<Vec<_>>());
    assert!(m4(&[], &[], 10).is_empty());
    // Every value at one x (a metric logged many times at one step).
    let same = vec![5.0; 100];
    let vals: Vec<f64> = (0..100)
        .map(|i| {
            if i == 42 {
                9.0
            } else if i == 17 {
                -3.0
            } else {
                1.0
            }
        })
        .collect();
    assert_eq!(m4(&same, &vals, 10), [0, 17, 42, 99]);
}

#[test]
fn smoothing_is_the_debiased_moving_average() {
    let s = ema(&[1.0, 2.0, 3.0], 0.5);
    let want = [1.0, 1.25 / 0.75, 2.125 / 0.875];
    for (a, b) in s.iter().zip(want) {
        assert!((a - b).abs() < 1e-12, "{s:?}");
    }
    assert_eq!(ema(&[3.0, -1.0, 4.0], 0.0), [3.0, -1.0, 4.0]);
    // A constant stays constant from its first value (no pull towards 0).
    assert!(ema(&[7.0; 50], 0.99).iter().all(|v| (v - 7.0).abs() < 1e-9));
    // Non-finite values do not enter the average.
    let s = ema(&[f64::NAN, 2.0, f64::INFINITY, 4.0], 0.5);
    assert!(s[0].is_nan());
    assert_eq!(s[1], 2.0);
    assert_eq!(s[2], 2.0);
    assert!((s[3] - (0.5 * 1.0 + 2.0) / 0.75).abs() < 1e-12);
}

fn opts(x_axis: XAxis, log_y: bool, smoothing: f64) -> PlotOptions {
    PlotOptions { width: 600.0, height: 240.0, x_axis, log_y, smoothing, tz_offset_min: 60 }
}

/// The y pixel values of a path's points.
fn path_ys(d: &str) -> Vec<f64> {
    d.trim_end_matches("h0.01")
        .split(['M', 'L'])
        .filter(|s| !s.is_empty())
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn a_spike_in_100k_points_is_drawn() {
    let (_, ys) = noisy(100_000, 9);
    let mut points: Vec<Point> =
        ys.iter().enumerate().map(|(i, &v)| Point::new(i as i64, 1_000 * i as i64, v)).collect();
    points[61_234].value = 40.0;
    let plot = build(&[SeriesInput { points: &points, origin_ms: 0 }], &opts(XAxis::Step, false, 0.0));
    let s = &plot.series[0];
    assert_eq!((s.total, s.hidden), (100_000, 0));
    assert!(s.drawn <= 4 * 600 && s.drawn > 1_000, "drawn {}", s.drawn);
    let area = plot.area.unwrap();
    // The spike is the highest point: the top of the plotted range (its nice ceiling is 40).
    let top = path_ys(&s.line).into_iter().fold(f64::INFINITY, f64::min);
    assert!((top - area.top).abs() < 0.06, "spike at {top}, area top {}", area.top);
    // Hover over the spike's x finds it.
    let at = s.at(s.nearest(area.left + 61_234.0 / 99_999.0 * (area.right - area.left)).unwrap()).unwrap();
    assert!((at.source as i64 - 61_234).abs() <= 100);
}

#[test]
fn series_share_axes_and_hover_finds_the_nearest_point() {
    let a: Vec<Point> = (0..10).map(|i| Point::new(i, 1_000_000 + i * 1000, i as f64)).collect();
    let b: Vec<Point> = (0..20).map(|i| Point::new(i, 2_000_000 + i * 500, 100.0 - i as f64)).collect();
    let plot = build(
        &[SeriesInput { points: &a, origin_ms: 1_000_000 }, SeriesInput { points: &b, origin_ms: 2_000_000 }],
        &opts(XAxis::Relative, false, 0.0),
    );
    let area = plot.area.unwrap();
    assert_eq!(plot.x_title, "Relative time");
    // Both runs start at 0 s; the longer one (9.5 s) sets the right edge.
    let (sa, sb) = (&plot.series[0], &plot.series[1]);
    assert_eq!(sa.at(0).unwrap().x_px, area.left);
    assert_eq!(sb.at(19).unwrap().x_px, area.right);
    assert!(plot.x_ticks.iter().any(|t| t.label == "4s"), "{:?}", plot.x_ticks);
    assert!(plot.x_ticks.iter().all(|t| t.px >= area.left - 0.01 && t.px <= area.right + 0.01));
    assert!(plot.y_ticks.iter().any(|t| t.label == "100") && plot.y_ticks.iter().any(|t| t.label == "0"));
    // Nearest by x, ties to the left; outside the range the ends.
    let x3 = sa.at(3).unwrap().x_px;
    assert_eq!(sa.nearest(x3 + 1.0), Some(3));
    assert_eq!(sa.nearest(-50.0), Some(0));
    assert_eq!(sa.nearest(1e9), Some(9));
    assert_eq!(sa.nearest(f64::NAN), None);
}

#[test]
fn out_of_order_steps_are_drawn_in_x_order() {
    let pts = [Point::new(5, 5, 5.0), Point::new(1, 1, 1.0), Point::new(3, 3, 3.0)];
    let plot = build(&[SeriesInput { points: &pts, origin_ms: 0 }], &opts(XAxis::Step, false, 0.0));
    let s = &plot.series[0];
    let order: Vec<usize> = (0..3).map(|i| s.at(i).unwrap().source).collect();
    assert_eq!(order, [1, 2, 0]);
}

#[test]
fn log_scale_hides_what_it_cannot_draw_and_ticks_decades() {
    let pts: Vec<Point> = [0.003, 0.02, 0.0, -1.0, f64::NAN, 1.5, f64::INFINITY]
        .iter()
        .enumerate()
        .map(|(i, &v)| Point::new(i as i64, i as i64, v))
        .collect();
    let plot = build(&[SeriesInput { points: &pts, origin_ms: 0 }], &opts(XAxis::Step, true, 0.0));
    let s = &plot.series[0];
    assert_eq!((s.total, s.hidden, s.len()), (7, 4, 3));
    let labels: Vec<&str> = plot.y_ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["0.001", "0.01", "0.1", "1", "10"]);
    // Decades are evenly spaced in pixels.
    let gaps: Vec<f64> = plot.y_ticks.windows(2).map(|w| w[0].px - w[1].px).collect();
    assert!(gaps.iter().all(|g| (g - gaps[0]).abs() < 1e-9), "{gaps:?}");
    // On a linear scale the same history hides only NaN and infinity.
    let lin = build(&[SeriesInput { points: &pts, origin_ms: 0 }], &opts(XAxis::Step, false, 0.0));
    assert_eq!(lin.series[0].hidden, 2);
}

#[test]
fn smoothing_adds_a_smoothed_line_and_hover_reports_it() {
    let pts: Vec<Point> = (0..8).map(|i| Point::new(i, i, if i % 2 == 0 { 0.0 } else { 10.0 })).collect();
    let plot = build(&[SeriesInput { points: &pts, origin_ms: 0 }], &opts(XAxis::Step, false, 0.8));
    let s = &plot.series[0];
    let smooth = s.smoothed.as_deref().expect("a smoothed line");
    let want = ema(&pts.iter().map(|p| p.value).collect::<Vec<_>>(), 0.8);
    assert_eq!(s.at(7).unwrap().smoothed, Some(want[7]));
    // The smoothed line swings less than the raw one.
    let span = |v: Vec<f64>| {
        v.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - v.iter().cloned().fold(f64::INFINITY, f64::min)
    };
    assert!(span(path_ys(smooth)) < span(path_ys(&s.line)) * 0.8);
    assert!(build(&[SeriesInput { points: &pts, origin_ms: 0 }], &opts(XAxis::Step, false, 0.0)).series[0]
        .smoothed
        .is_none());
}

#[test]
fn empty_flat_and_single_point_histories_still_plot() {
    let none = build(&[SeriesInput { points: &[], origin_ms: 0 }], &opts(XAxis::WallTime, false, 0.0));
    assert!(none.is_empty() && none.series[0].line.is_empty());
    let nan = [Point::new(0, 0, f64::NAN)];
    assert!(build(&[SeriesInput { points: &nan, origin_ms: 0 }], &opts(XAxis::Step, false, 0.0)).is_empty());
    let one = [Point::new(3, 1_700_000_000_000, 2.5)];
    let p = build(&[SeriesInput { points: &one, origin_ms: 0 }], &opts(XAxis::WallTime, false, 0.0));
    assert!(!p.is_empty());
    assert!(p.series[0].line.starts_with('M') && p.series[0].line.ends_with("h0.01"), "{}", p.series[0].line);
    assert_eq!(p.x_title, "Wall time (UTC+01:00)");
    assert!(p.y_ticks.len() >= 2, "a flat value still gets a y axis: {:?}", p.y_ticks);
    let flat: Vec<Point> = (0..5).map(|i| Point::new(i, i, 0.0)).collect();
    let p = build(&[SeriesInput { points: &flat, origin_ms: 0 }], &opts(XAxis::Step, false, 0.0));
    let ys = path_ys(&p.series[0].line);
    let area = p.area.unwrap();
    assert!(ys.iter().all(|y| (*y - (area.top + area.bottom) / 2.0).abs() < 0.06), "{ys:?}");
}
