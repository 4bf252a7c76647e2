//! 達成率 and 評価, pinned case by case: every direction, zero, negative
//! values, percentages, missing actuals, text and unit mismatches, and the
//! thresholds at their edges.

use mokuhyo::domain::model::{Direction, Indicator};
use mokuhyo::domain::quantity::Quantity;
use mokuhyo::year_end::achievement::{Grade, Thresholds, Unmeasurable, assess};

use Direction::{Decrease as Down, Increase as Up, Maintain as Hold};

fn q(v: f64) -> Option<Quantity> {
    Some(Quantity::from_f64(v))
}

fn indicator(
    direction: Direction,
    unit: &str,
    target: Option<f64>,
    actual: Option<f64>,
) -> Indicator {
    Indicator {
        name: "指標".to_string(),
        unit: unit.to_string(),
        target: target.and_then(q),
        actual: actual.and_then(q),
        direction: Some(direction),
        ..Indicator::default()
    }
}

#[test]
fn rates_and_grades() {
    // (direction, unit, target, actual, rate shown, grade)
    let cases: &[(Direction, &str, f64, f64, &str, Grade)] = &[
        // 増加: actual ÷ target.
        (Up, "人", 30.0, 36.0, "120.0%", Grade::A),
        (Up, "人", 30.0, 30.0, "100.0%", Grade::A),
        (Up, "組", 115.0, 108.0, "93.9%", Grade::B),
        (Up, "人", 15.0, 12.0, "80.0%", Grade::B),
        (Up, "人", 3200.0, 2559.0, "80.0%", Grade::B), // 79.97 shows 80.0: graded as shown
        (Up, "人", 3200.0, 2558.0, "79.9%", Grade::C),
        (Up, "回", 3.0, 2.0, "66.7%", Grade::C),
        (Up, "人", 12.0, 6.0, "50.0%", Grade::C),
        (Up, "人", 10.0, 4.0, "40.0%", Grade::D),
        (Up, "人", 10.0, 0.0, "0.0%", Grade::D),
        (Up, "億円", 10.0, 9.6, "96.0%", Grade::B),
        // Percentages are values like any other.
        (Up, "%", 60.0, 57.1, "95.2%", Grade::B),
        (Up, "%", 100.0, 100.0, "100.0%", Grade::A),
        // 増加 with a zero target: met or not.
        (Up, "件", 0.0, 0.0, "100.0%", Grade::A),
        (Up, "件", 0.0, 3.0, "100.0%", Grade::A),
        (Up, "人", 0.0, -3.0, "0.0%", Grade::D),
        // 増加 with a negative target (社会増減 −100 → −50 is better).
        (Up, "人", -100.0, -50.0, "150.0%", Grade::A),
        (Up, "人", -100.0, -150.0, "50.0%", Grade::C),
        // 減少: target ÷ actual.
        (Down, "件", 60.0, 52.0, "115.4%", Grade::A),
        (Down, "人", 70.0, 91.0, "76.9%", Grade::C),
        (Down, "分", 9.5, 9.8, "96.9%", Grade::B),
        (Down, "%", 18.5, 18.7, "98.9%", Grade::B),
        // 減少 with zero: by the difference.
        (Down, "人", 0.0, 0.0, "100.0%", Grade::A),
        (Down, "人", 0.0, 2.0, "0.0%", Grade::D),
        (Down, "件", 5.0, 0.0, "200.0%", Grade::A),
        // 減少 with a negative actual (a decrease below zero).
        (Down, "人", 10.0, -5.0, "250.0%", Grade::A),
        // 維持: within ±5% of the target is 100%.
        (Hold, "%", 85.0, 84.2, "100.0%", Grade::A),
        (Hold, "%", 85.0, 89.25, "100.0%", Grade::A), // exactly 5%
        (Hold, "%", 85.0, 76.5, "90.0%", Grade::B),   // 10% off
        (Hold, "人", 100.0, 130.0, "70.0%", Grade::C), // over is off too
        (Hold, "件", 0.0, 0.0, "100.0%", Grade::A),
        (Hold, "件", 0.0, 1.0, "0.0%", Grade::D),
    ];
    let rules = Thresholds::default();
    for (i, &(direction, unit, target, actual, rate, grade)) in cases.iter().enumerate() {
        let a = assess(
            &indicator(direction, unit, Some(target), Some(actual)),
            &rules,
        );
        let what = format!(
            "case {i}: {} target {target}{unit} actual {actual}{unit}",
            direction.label()
        );
        assert_eq!(a.rate_label(), rate, "{what}: 達成率");
        assert_eq!(a.grade, grade, "{what}: 評価");
        assert_eq!(a.unmeasurable, None, "{what}");
    }
}

#[test]
fn unmeasurable_indicators_are_graded_minus_with_the_reason() {
    let rules = Thresholds::default();
    let cases: Vec<(Indicator, Unmeasurable, &str)> = vec![
        (
            indicator(Up, "人", Some(30.0), None),
            Unmeasurable::NoActual,
            "実績値なし",
        ),
        (
            indicator(Up, "人", None, Some(30.0)),
            Unmeasurable::NoTarget,
            "目標値なし",
        ),
        (
            Indicator {
                actual_text: "集計中".to_string(),
                ..indicator(Up, "件", Some(10.0), None)
            },
            Unmeasurable::NotANumber {
                text: "集計中".to_string(),
            },
            "実績値「集計中」が数値でない",
        ),
        (
            Indicator {
                actual_unit: "件".to_string(),
                ..indicator(Up, "人", Some(30.0), Some(28.0))
            },
            Unmeasurable::UnitDiffers {
                target: "人".to_string(),
                actual: "件".to_string(),
            },
            "単位が異なる(目標「人」、実績「件」)",
        ),
        (
            Indicator {
                actual_unit: "人".to_string(),
                ..indicator(Up, "%", Some(60.0), Some(57.0))
            },
            Unmeasurable::UnitDiffers {
                target: "%".to_string(),
                actual: "人".to_string(),
            },
            "単位が異なる(目標「%」、実績「人」)",
        ),
    ];
    for (i, (ind, why, remark)) in cases.into_iter().enumerate() {
        let a = assess(&ind, &rules);
        assert_eq!(a.grade, Grade::Unmeasured, "case {i}");
        assert_eq!(a.rate, None, "case {i}");
        assert_eq!(a.rate_label(), "−", "case {i}");
        assert_eq!(a.unmeasurable, Some(why), "case {i}");
        assert_eq!(a.remark(), remark, "case {i}");
    }
}

#[test]
fn units_that_differ_only_by_scale_are_converted() {
    let ind = Indicator {
        actual_unit: "億円".to_string(),
        ..indicator(Up, "万円", Some(3500.0), Some(0.33))
    };
    let a = assess(&ind, &Thresholds::default());
    assert_eq!(a.rate_label(), "94.3%");
    assert_eq!(a.grade, Grade::B);
    assert_eq!(
        a.actual.map(|q| q.to_plain_string()).as_deref(),
        Some("3300"),
        "{:?}",
        a.actual
    );
}

#[test]
fn an_estimated_actual_is_graded() {
    let ind = Indicator {
        actual_estimate: true,
        ..indicator(Up, "人", Some(1200.0), Some(1180.0))
    };
    assert_eq!(assess(&ind, &Thresholds::default()).grade, Grade::B);
}

#[test]
fn thresholds_are_configurable_and_validated() {
    let strict = Thresholds {
        a: 110.0,
        b: 90.0,
        c: 70.0,
        tolerance: 1.0,
    };
    let graded = |d, t, a| assess(&indicator(d, "人", Some(t), Some(a)), &strict).grade;
    assert_eq!(graded(Up, 100.0, 105.0), Grade::B);
    assert_eq!(graded(Up, 100.0, 110.0), Grade::A);
    assert_eq!(graded(Up, 100.0, 69.9), Grade::D);
    assert_eq!(graded(Hold, 100.0, 98.0), Grade::B); // 2% off, tolerance 1%
    assert_eq!(
        strict
            .legend()
            .iter()
            .map(|(g, text)| format!("{}: {text}", g.label()))
            .collect::<Vec<_>>(),
        [
            "A: 110%以上",
            "B: 90%以上110%未満",
            "C: 70%以上90%未満",
            "D: 70%未満",
            "−: 測定不能"
        ]
    );

    let config = mokuhyo::config::Config::parse("[rollup]\na = 100\nb = 90\nc = 95\n");
    assert_eq!(
        config.unwrap_err(),
        "[rollup] の評価の基準は a ≧ b ≧ c の順に指定してください(a = 100, b = 90, c = 95)。"
    );
    let config = mokuhyo::config::Config::parse("[rollup]\ntolerance = -1\n");
    assert_eq!(
        config.unwrap_err(),
        "[rollup] の a・b・c・tolerance は 0 以上の数値で指定してください(a = 100, b = 80, c = 50, tolerance = -1)。"
    );
    let config = mokuhyo::config::Config::parse("[rollup]\nb = 75\n").unwrap();
    assert_eq!(config.rollup.b, 75.0);
    assert_eq!(config.rollup.a, 100.0);
}
