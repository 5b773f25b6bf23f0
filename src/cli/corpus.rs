//! `lianluo corpus`: a generated content folder for benchmarks (hidden, development use).

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct CorpusArgs {
    #[arg(long, value_enum)]
    pub scale: lianluo::corpus::Scale,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// An empty or missing folder to write into
    #[arg(long)]
    pub output: PathBuf,
}

pub fn run(args: CorpusArgs) -> u8 {
    if std::fs::read_dir(&args.output).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("error: `{}` is not empty", args.output.display());
        return 2;
    }
    match lianluo::corpus::generate(&args.output, args.scale, args.seed) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", args.output.display());
            2
        }
    }
}
