//! Worker threads that run jobs off the main loop. The server keeps two
//! pools, so a long analysis never holds up a hover or a completion.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crossbeam_channel::Sender;

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct TaskPool {
    jobs: Sender<Job>,
}

impl TaskPool {
    /// `threads` workers named `name-N`. A job that panics is caught (the
    /// job's own result then never arrives; callers wrap jobs that must
    /// answer with [`catch_panic`]), and the worker goes on.
    pub fn new(name: &str, threads: usize) -> std::io::Result<TaskPool> {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        for i in 0..threads.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || {
                    for job in queue {
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(TaskPool { jobs })
    }

    pub fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        // Fails only when every worker is gone, i.e. at exit.
        let _ = self.jobs.send(Box::new(job));
    }
}

/// Run `f`, turning a panic into an error message.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}
