//! CPython, the reference the seeds' readers know: the regex kernel's very
//! inputs searched by `python3`'s `re` in the same run, its answers checked
//! against the kernel's checksum.

use kernels::Workload;
use kernels::workload::Output;
use lab::form::Repeats;

/// CPython's timings of one workload.
pub struct Cpython {
    /// `platform.python_version()`.
    pub version: String,
    /// Counted samples, ms.
    pub samples: Vec<f64>,
}

/// Times `re.search` of the pattern over every string on stdin, warm-up
/// rounds first, and prints the samples and the spans (UTF-8 byte offsets).
const SCRIPT: &str = r#"
import json, platform, re, sys, time
pattern, warmup, counted = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
strings = json.load(sys.stdin)
p = re.compile(pattern)
samples = []
for r in range(warmup + counted):
    t = time.perf_counter()
    found = [p.search(s) for s in strings]
    ms = (time.perf_counter() - t) * 1000
    if r >= warmup:
        samples.append(ms)
spans = [None if m is None else [len(s[:m.start()].encode()), len(s[:m.end()].encode())]
         for s, m in zip(strings, found)]
print(json.dumps({"version": platform.python_version(), "samples": samples, "spans": spans}))
"#;

/// CPython's run of `w` if it is the regex workload, after checking that
/// its answers give `checksum`; `None` for other kernels, or (said) where
/// `python3` is missing.
pub fn regex(w: &Workload, repeats: Repeats, checksum: &str) -> Result<Option<Cpython>, String> {
    let Workload::Regex { seed, count, len } = *w else {
        return Ok(None);
    };
    let strings = kernels::regex::strings(seed, count, len);
    let input = serde_json::to_vec(&strings).map_err(|e| e.to_string())?;
    let (warmup, counted) = (repeats.warmup.to_string(), repeats.counted.to_string());
    let args = [kernels::regex::PATTERN, warmup.as_str(), counted.as_str()];
    let Some(out) = crate::python::run(SCRIPT, &args, &input) else {
        eprintln!("bench: no python3 here: the report has no CPython row");
        return Ok(None);
    };
    let out = out?;
    #[derive(serde::Deserialize)]
    struct Said {
        version: String,
        samples: Vec<f64>,
        spans: Vec<Option<(usize, usize)>>,
    }
    let said: Said = serde_json::from_slice(&out).map_err(|e| format!("python3's answer: {e}"))?;
    let outputs: Vec<Output> = said.spans.into_iter().map(Output::Match).collect();
    let theirs = kernels::workload::checksum(&outputs).to_string();
    if theirs != checksum {
        return Err(format!(
            "CPython's re computed {theirs}, the kernel {checksum}: the answers differ"
        ));
    }
    Ok(Some(Cpython {
        version: said.version,
        samples: said.samples,
    }))
}
