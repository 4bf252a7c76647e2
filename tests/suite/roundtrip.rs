//! Round trip for every sample: model → filled template → read → the same
//! model; and the committed samples read back to their sources.

use crate::common::*;

#[test]
fn every_source_round_trips_through_the_template() {
    for department in sample_departments() {
        let doc = source(&department);
        let submission = round_trip(&doc, false);
        assert_clean(&submission);
        assert_same(&doc, submission.document.as_ref().unwrap());
    }
}

#[test]
fn every_source_round_trips_with_full_width_text_numbers() {
    for department in sample_departments() {
        let doc = source(&department);
        let submission = round_trip(&doc, true);
        assert_clean(&submission);
        assert_same(&doc, submission.document.as_ref().unwrap());
    }
}

#[test]
fn committed_samples_match_their_sources() {
    let departments = sample_departments();
    assert!(departments.len() >= 5, "{departments:?}");
    for department in departments {
        let submission = read(&sample(&department));
        assert_clean(&submission);
        assert_same(&source(&department), submission.document.as_ref().unwrap());
    }
}

#[test]
fn invented_samples_say_so() {
    for department in sample_departments() {
        let doc = source(&department);
        if department != "総合政策部" {
            assert!(
                doc.remark.contains("架空"),
                "{department}: remark {:?}",
                doc.remark
            );
        }
    }
}

#[test]
fn samples_cover_the_required_cases() {
    use mokuhyo::domain::model::Direction;
    let docs: Vec<_> = sample_departments().iter().map(|d| source(d)).collect();
    let projects = || docs.iter().flat_map(|d| &d.projects);
    let indicators = || projects().flat_map(|p| &p.indicators);
    assert!(
        projects().any(|p| p.indicators.is_empty()),
        "a project without indicators"
    );
    assert!(
        projects().any(|p| p.indicators.len() == 4),
        "a project with four indicators"
    );
    assert!(
        indicators().any(|i| i.direction == Some(Direction::Decrease)),
        "a 減少 indicator"
    );
    assert!(indicators().any(|i| i.unit.starts_with('億')), "an 億 unit");
    assert!(indicators().any(|i| i.unit.starts_with('万')), "a 万 unit");
}
