//! The frameworks compiled into the binary, so that selfeval works from one
//! file with nothing to install beside it.

/// The framework a new evidence folder uses: the one in force now.
pub const DEFAULT_FRAMEWORK: &str = "ilacs-2026";

/// Built-in frameworks, oldest first: (id, file name, text).
pub const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "ilacs-2018",
        "ilacs-2018.toml",
        include_str!("../../../frameworks/ilacs-2018.toml"),
    ),
    (
        "ilacs-2023",
        "ilacs-2023.toml",
        include_str!("../../../frameworks/ilacs-2023.toml"),
    ),
    (
        "ilacs-2026",
        "ilacs-2026.toml",
        include_str!("../../../frameworks/ilacs-2026.toml"),
    ),
];

/// Indicator definitions shared by every framework.
pub(super) const INDICATORS: (&str, &str) = ("indicators.toml", include_str!("../../../frameworks/indicators.toml"));

/// National comparator figures, kept apart so a new year's data is one file's change.
pub(super) const COMPARATORS: (&str, &str) = ("comparators.toml", include_str!("../../../frameworks/comparators.toml"));
