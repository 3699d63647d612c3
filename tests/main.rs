//! End-to-end tests: the `selfeval` binary run as a council would run it.
//!
//! One integration-test binary (so the suite links once), a file per
//! feature. tests/test.rs holds what they share: the [`test::Test`] builder,
//! `Test::new().args(["check", dir]).run().code(1).error_at(...)`, and the
//! few calls into the library. The bad inputs of tests/fixtures/invalid/ say
//! what they must give in a file beside them (tests/fixtures.rs).

mod test;

mod architecture;
mod assess;
mod check;
mod cli;
mod compare;
mod docx;
mod files;
mod fixtures;
mod frameworks;
mod init;
mod learn;
mod limits;
mod patterns;
mod pdf;
mod personal_data;
mod previous;
mod properties;
mod published;
mod readiness;
mod render;
mod templates;
