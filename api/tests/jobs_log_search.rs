//! Search in a log: matches, pieces for highlighting, stepping between matches.

use aml_api::jobs::log_search::{match_ranges, pieces, step, Piece, MAX_MATCHES};

#[test]
fn matches_are_case_insensitive_and_do_not_overlap() {
    assert_eq!(match_ranges("Epoch 1 loss\nepoch 2 LOSS", "loss"), vec![(8, 12), (21, 25)]);
    assert_eq!(match_ranges("aaaa", "aa"), vec![(0, 2), (2, 4)]);
    assert_eq!(match_ranges("abc", ""), vec![]);
    assert_eq!(match_ranges("abc", "   "), vec![]);
    assert_eq!(match_ranges("ab", "abc"), vec![]);
    // Multi-byte text: a match never cuts a character.
    assert_eq!(match_ranges("ünï ünï", "ünï"), vec![(0, 5), (6, 11)]);
    assert_eq!(match_ranges(&"x".repeat(5000), "x").len(), MAX_MATCHES);
}

#[test]
fn pieces_put_the_text_back_together_with_numbered_matches() {
    let text = "step 1 ERROR disk\nstep 2 ok\nstep 3 error again";
    let p = pieces(text, "error");
    assert_eq!(
        p,
        vec![
            Piece::Text("step 1 ".into()),
            Piece::Match(0, "ERROR".into()),
            Piece::Text(" disk\nstep 2 ok\nstep 3 ".into()),
            Piece::Match(1, "error".into()),
            Piece::Text(" again".into()),
        ]
    );
    let joined: String = p
        .iter()
        .map(|x| match x {
            Piece::Text(t) | Piece::Match(_, t) => t.as_str(),
        })
        .collect();
    assert_eq!(joined, text);
    assert_eq!(pieces("no hit", "zzz"), vec![Piece::Text("no hit".into())]);
    assert_eq!(pieces("", "a"), vec![Piece::Text(String::new())]);
    assert_eq!(pieces("ab", "ab"), vec![Piece::Match(0, "ab".into())]);
}

#[test]
fn steps_wrap_around_the_matches() {
    assert_eq!(step(None, 1, 3), Some(0));
    assert_eq!(step(None, -1, 3), Some(2));
    assert_eq!(step(Some(2), 1, 3), Some(0));
    assert_eq!(step(Some(0), -1, 3), Some(2));
    assert_eq!(step(Some(1), 1, 3), Some(2));
    // A current match beyond a shorter list (the log or the query changed) is clamped first.
    assert_eq!(step(Some(9), 1, 3), Some(0));
    assert_eq!(step(Some(1), 1, 0), None);
}
