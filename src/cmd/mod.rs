//! One module per subcommand, each a thin layer over the library.

pub mod check;
pub mod frameworks;
pub mod init;
