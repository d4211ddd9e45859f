//! The keyboard patterns: the ARIA tabs pattern's keys and a modal dialog's focus trap.

use aml_api::keyboard::{tab_list_target, trap_target};

#[test]
fn arrows_step_through_the_tabs_and_wrap() {
    assert_eq!(tab_list_target("ArrowRight", 0, 3), Some(1));
    assert_eq!(tab_list_target("ArrowRight", 1, 3), Some(2));
    assert_eq!(tab_list_target("ArrowRight", 2, 3), Some(0));
    assert_eq!(tab_list_target("ArrowLeft", 2, 3), Some(1));
    assert_eq!(tab_list_target("ArrowLeft", 0, 3), Some(2));
}

#[test]
fn home_and_end_go_to_the_first_and_last_tab() {
    assert_eq!(tab_list_target("Home", 2, 3), Some(0));
    assert_eq!(tab_list_target("End", 0, 3), Some(2));
    assert_eq!(tab_list_target("End", 2, 3), Some(2));
}

#[test]
fn other_keys_and_empty_lists_are_left_to_the_browser() {
    for key in ["Tab", "Enter", " ", "ArrowUp", "ArrowDown", "a", "PageDown"] {
        assert_eq!(tab_list_target(key, 1, 3), None, "{key}");
    }
    assert_eq!(tab_list_target("ArrowRight", 0, 0), None);
    assert_eq!(tab_list_target("Home", 0, 0), None);
}

#[test]
fn a_single_tab_stays_itself_and_a_stale_position_counts_as_the_last() {
    assert_eq!(tab_list_target("ArrowRight", 0, 1), Some(0));
    assert_eq!(tab_list_target("ArrowLeft", 0, 1), Some(0));
    // The list shrank under the focus: from "the last" one step on is the first.
    assert_eq!(tab_list_target("ArrowRight", 7, 3), Some(0));
    assert_eq!(tab_list_target("ArrowLeft", 7, 3), Some(1));
}

#[test]
fn tab_wraps_from_the_last_element_to_the_first_and_back() {
    assert_eq!(trap_target(Some(3), 4, false), Some(0));
    assert_eq!(trap_target(Some(0), 4, true), Some(3));
}

#[test]
fn inside_the_dialog_the_browser_moves_the_focus() {
    assert_eq!(trap_target(Some(0), 4, false), None);
    assert_eq!(trap_target(Some(2), 4, false), None);
    assert_eq!(trap_target(Some(3), 4, true), None);
    assert_eq!(trap_target(Some(1), 4, true), None);
}

#[test]
fn from_outside_the_focus_enters_at_the_near_end() {
    assert_eq!(trap_target(None, 4, false), Some(0));
    assert_eq!(trap_target(None, 4, true), Some(3));
}

#[test]
fn one_element_keeps_the_focus_and_none_leaves_it() {
    assert_eq!(trap_target(Some(0), 1, false), Some(0));
    assert_eq!(trap_target(Some(0), 1, true), Some(0));
    assert_eq!(trap_target(None, 0, false), None);
    assert_eq!(trap_target(None, 0, true), None);
    // A stale position past the end (an element was removed) wraps to the first.
    assert_eq!(trap_target(Some(5), 2, false), Some(0));
}
