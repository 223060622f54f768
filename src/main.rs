//! The `glance-workbench` binary: no subcommand opens the GUI, a subcommand runs the CLI.
fn main() {}
