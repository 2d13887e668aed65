//! `cargo xtask size`: what the widget costs a portal page, file by file, raw and compressed.
//!
//! Brotli at quality 11 is what CDNs serve for static files, so that column is the one we budget;
//! gzip -9 is there for servers without brotli.

use std::io::Write;

use crate::Project;
use crate::cmd::Result;
use crate::dist;

pub(crate) fn run(project: &Project) -> Result<()> {
    // Always from a fresh build: figures of an older one would mislead.
    dist::build(project)?;
    let out = project.dist_dir();
    let files = dist::page_files(&out)?;
    let mut rows = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file)?;
        let name = file
            .strip_prefix(&out)
            .unwrap_or(file)
            .display()
            .to_string();
        rows.push((name, bytes.len(), gzip(&bytes)?, brotli(&bytes)?));
    }
    let total = rows.iter().fold((0, 0, 0), |(r, g, b), row| {
        (r + row.1, g + row.2, b + row.3)
    });

    let width = rows
        .iter()
        .map(|row| row.0.len())
        .max()
        .unwrap_or(0)
        .max("total".len());
    println!(
        "{:<width$}  {:>9}  {:>9}  {:>9}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for (name, raw, gz, br) in &rows {
        println!("{name:<width$}  {raw:>9}  {gz:>9}  {br:>9}");
    }
    println!(
        "{:<width$}  {:>9}  {:>9}  {:>9}",
        "total", total.0, total.1, total.2
    );
    println!("(bytes; {})", out.display());
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn brotli(bytes: &[u8]) -> Result<usize> {
    let mut compressed = Vec::new();
    {
        // Quality 11 with a 4 MiB window (lgwin 22): what `brotli -q 11` does.
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(compressed.len())
}
