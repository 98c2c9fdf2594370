//! The one way the binding runs core work: the batch engine's `Host`,
//! which releases the GIL while Rust works and checks for Ctrl-C.

use pyo3::prelude::*;

use crate::batch::Host;

/// The batch engine's host in Python: the GIL is released while the calling
/// thread tokenises or waits, and Ctrl-C is checked between slices.
pub(super) struct Gil<'py>(pub(super) Python<'py>);

impl Host for Gil<'_> {
    type Error = PyErr;

    fn block(&self, wait: &mut (dyn FnMut() + Send)) {
        self.0.detach(wait);
    }

    fn check(&self) -> PyResult<()> {
        self.0.check_signals()
    }
}
