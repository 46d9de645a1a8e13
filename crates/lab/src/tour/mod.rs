//! The tour: the seed articles' experiments one at a time, each a claim
//! with the article's own figure and one panel set up to test it in a few
//! seconds. The page's first view; every step is also a link (`?step=…`),
//! a widget (`?view=embed&step=…`) and a lab configuration.
//!
//! The steps themselves are data, in [`steps`]; this module finds them and
//! turns them into links.

mod steps;

pub use steps::STEPS;

/// Which panel a step runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// CPU-bound workloads.
    Cpu,
    /// Requests that wait.
    Io,
    /// Fetch, then compute.
    Hybrid,
}

impl Panel {
    /// Its link keys' prefix.
    #[must_use]
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::Cpu => "cpu-",
            Self::Io => "io-",
            Self::Hybrid => "hybrid-",
        }
    }
}

/// One step of the tour.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// Its link's value (`?step=regex`): lower-case letters and `-`.
    pub id: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// The article's claim, in one or two sentences with its own figure.
    pub claim: &'static str,
    /// The article it comes from.
    pub source: &'static str,
    /// What to look for in the result, before running it.
    pub watch: &'static str,
    /// Why these sizes, when they are not the article's.
    pub sizes: Option<&'static str>,
    /// The panel that runs it.
    pub panel: Panel,
    /// That panel's settings, as link pairs without the prefix.
    pub settings: &'static [(&'static str, &'static str)],
    /// The article's own sizes, as the same kind of pairs, when the tour's
    /// differ from them.
    pub article: Option<&'static [(&'static str, &'static str)]>,
}

impl Step {
    /// The step's settings as the panel's link pairs (`cpu-workload=fib`, …).
    #[must_use]
    pub fn query(&self) -> Vec<(String, String)> {
        prefixed(self.panel, self.settings)
    }

    /// The article's sizes as the panel's link pairs, or the step's own
    /// when they are the article's.
    #[must_use]
    pub fn article_query(&self) -> Vec<(String, String)> {
        prefixed(self.panel, self.article.unwrap_or(self.settings))
    }

    /// The query of the lab opened on this step's settings (or with
    /// `article`, the article's sizes).
    #[must_use]
    pub fn lab_link(&self, article: bool) -> String {
        let mut q = vec![("view".to_owned(), "lab".to_owned())];
        q.extend(if article {
            self.article_query()
        } else {
            self.query()
        });
        crate::query::to_string(&q)
    }

    /// The query of this step in the tour.
    #[must_use]
    pub fn tour_link(&self) -> String {
        crate::query::to_string(&[("step".to_owned(), self.id.to_owned())])
    }
}

fn prefixed(panel: Panel, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (format!("{}{k}", panel.prefix()), (*v).to_owned()))
        .collect()
}

/// The step whose id is `id`, with its index.
#[must_use]
pub fn find(id: &str) -> Option<(usize, &'static Step)> {
    STEPS.iter().enumerate().find(|(_, s)| s.id == id)
}

/// The step at `i`, if there is one.
#[must_use]
pub fn at(i: usize) -> Option<&'static Step> {
    STEPS.get(i)
}
