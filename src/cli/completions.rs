//! `lianluo completions SHELL`: the shell's completion script, made from the clap
//! definitions, on standard output. The Debian package installs bash's, zsh's and fish's.

use clap::CommandFactory;
use clap_complete::Shell;

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// bash、zsh、fish、elvish 或 powershell
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> u8 {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "lianluo", &mut std::io::stdout());
    0
}
