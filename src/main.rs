//! The `lianluo` command: parses the command line, calls the library, maps the outcome to an
//! exit status (0 fine, 1 the data has errors or a strict check failed, 2 usage or I/O).

mod cli;

use std::process::ExitCode;

/// jemalloc, not glibc's malloc: the build frees millions of small allocations on one thread
/// that others made, and glibc's per-thread arenas kept that memory from the next stage (at
/// national scale, the search index's from the reports'). Measured in the README.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = <cli::Cli as clap::Parser>::parse();
    ExitCode::from(cli::run(cli))
}
