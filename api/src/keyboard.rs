//! Keyboard patterns of the console's widgets, as pure functions of the key and the position
//! (the console reads the event and moves the focus): the ARIA tabs pattern's arrow keys and a
//! modal dialog's focus trap. The behaviour follows the WAI-ARIA Authoring Practices "Tabs" and
//! "Dialog (Modal)" patterns (docs/accessibility.md).

/// The tab that `key` moves to (and activates) in a horizontal tab list of `len` tabs whose tab
/// `current` has the focus: `ArrowRight` the next one and `ArrowLeft` the previous one, both
/// wrapping around; `Home` the first; `End` the last. `None` for any other key (the browser
/// keeps it) or an empty list. A `current` past the end counts as the last tab.
pub fn tab_list_target(key: &str, current: usize, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let current = current.min(len - 1);
    match key {
        "ArrowRight" => Some((current + 1) % len),
        "ArrowLeft" => Some((current + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// Where Tab (`backwards` = Shift+Tab) must send the focus inside a modal dialog instead of the
/// browser's next element, so it never leaves the dialog. `position` is the focused element's
/// index among the dialog's `len` focusable elements in tab order (`None`: the focus is outside
/// them, e.g. on the dialog itself or on the page behind). Tab from the last element goes to the
/// first and Shift+Tab from the first to the last; from outside, Tab goes to the first and
/// Shift+Tab to the last. `None`: the browser's own move stays inside (or there is nothing to
/// focus, and the caller keeps the focus where it is).
pub fn trap_target(position: Option<usize>, len: usize, backwards: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    match (position, backwards) {
        (None, false) => Some(0),
        (None, true) => Some(len - 1),
        (Some(0), true) => Some(len - 1),
        (Some(p), false) if p + 1 >= len => Some(0),
        _ => None,
    }
}
