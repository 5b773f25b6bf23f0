//! `lianluo corpus`: a generated content folder for benchmarks (hidden, development use).

use std::path::PathBuf;

use lianluo::corpus::Shape;

#[derive(clap::Args)]
pub struct CorpusArgs {
    #[arg(long, value_enum)]
    pub scale: lianluo::corpus::Scale,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The corpus's shape: default, heavy (×3 opinions, ×2 attendees and contacts, full
    /// deputy records) or light
    #[arg(long, default_value = "default", value_parser = Shape::named)]
    pub shape: Shape,
    /// Overrides one of the shape's numbers, e.g. `--set opinions=200` (percent of the
    /// default shape's); keys: opinions, attendees, contacts, public_every, group_size,
    /// full_deputies
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// An empty or missing folder to write into
    #[arg(long)]
    pub output: PathBuf,
}

pub fn run(args: CorpusArgs) -> u8 {
    let mut shape = args.shape;
    for assignment in &args.set {
        if let Err(e) = shape.set(assignment) {
            eprintln!("error: --set {e}");
            return 2;
        }
    }
    if std::fs::read_dir(&args.output).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("error: `{}` is not empty", args.output.display());
        return 2;
    }
    match lianluo::corpus::generate_shaped(&args.output, args.scale, shape, args.seed) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", args.output.display());
            2
        }
    }
}
