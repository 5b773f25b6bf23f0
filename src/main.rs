//! The `lianluo` command: parses the command line, calls the library, maps the outcome to an
//! exit status (0 fine, 1 the data has errors or a strict check failed, 2 usage or I/O).

#![warn(clippy::unwrap_used, clippy::expect_used)]

mod cli;

use std::process::ExitCode;

/// jemalloc, not glibc's malloc: the build frees millions of small allocations on one thread
/// that others made, and glibc's per-thread arenas kept that memory from the next stage (at
/// national scale, the search index's from the reports'). Measured in docs/performance.md.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (`_RJEM_MALLOC_CONF` in the environment still
/// overrides them): one arena for all threads instead of eight on two cores. The stages hand
/// their memory to one another across threads; with one arena, what one thread frees is
/// reused by the next without lying fragmented in another thread's arena (lower peaks, the
/// same time: docs/performance.md).
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 10] = b"narenas:1\0";

fn main() -> ExitCode {
    let cli = <cli::Cli as clap::Parser>::parse();
    ExitCode::from(cli::run(cli))
}
