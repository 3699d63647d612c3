//! One module per subcommand, each a thin layer over the library.

pub mod assess;
pub mod check;
pub mod frameworks;
pub mod init;
pub mod patterns;
