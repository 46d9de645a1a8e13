//! I/O workloads in the browser: the answers' checksum must be the one the
//! request ids imply, in every mode.

use crate::page::{Page, check_rows};
use libtest_mimic::Failed;

async fn run(p: &Page, requests: u32, delay: &str, limit: &str) -> Result<(), Failed> {
    p.set_field("requests", &requests.to_string()).await?;
    p.set_field("delay_ms", delay).await?;
    p.set_field("limit", limit).await?;
    let rows = p.run("io", 120).await?;
    let want = kernels::io::expected(requests).to_string();
    check_rows(
        &rows,
        &["sequential", "async"],
        &want,
        &p.text("#io .verdict").await?,
    )?;
    let detail = p.text("#io tbody tr[data-mode=async] td.detail").await?;
    if !detail.contains("service worker") {
        return Err(format!("the endpoint is not named: {detail:?}").into());
    }
    Ok(())
}

pub async fn sequential_and_async(p: Page) -> Result<(), Failed> {
    run(&p, 20, "50", "").await
}

pub async fn async_with_limit(p: Page) -> Result<(), Failed> {
    run(&p, 30, "20", "4").await?;
    let label = p.text("#io tbody tr[data-mode=async] td.mode").await?;
    if !label.contains("≤4") {
        return Err(format!("limit not shown: {label:?}").into());
    }
    Ok(())
}
