//! `lianluo man`: the manual page (roff) made from the clap definitions, on standard output;
//! `--dir` writes it with one page per command (`lianluo-build.1`…), as the Debian package
//! installs them.

use std::path::PathBuf;

use clap::CommandFactory;

#[derive(clap::Args)]
pub struct ManArgs {
    /// Writes lianluo.1 and a page per command into this folder
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> u8 {
    // `lianluo help` is for the terminal; the manual has a page per command instead.
    let command = super::Cli::command().disable_help_subcommand(true);
    let written = match &args.dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(command, dir))
            .map_err(|e| format!("cannot write the manual pages into {}: {e}", dir.display())),
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .and_then(|()| std::io::Write::write_all(&mut std::io::stdout(), &page))
                .map_err(|e| format!("cannot write the manual page: {e}"))
        }
    };
    match written {
        Ok(()) => 0,
        Err(why) => {
            eprintln!("error: {why}");
            2
        }
    }
}
