//! Polls several futures on one task until all are done (no extra crate for a join): the
//! parallel storage calls of an upload.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct JoinAll<'a>(Vec<Option<Pin<Box<dyn Future<Output = ()> + 'a>>>>);

impl Future for JoinAll<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut pending = false;
        for slot in self.0.iter_mut() {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

/// Runs every future to its end, concurrently on this task.
pub async fn join_all<F: Future<Output = ()> + 'static>(futures: Vec<F>) {
    JoinAll(futures.into_iter().map(|f| Some(Box::pin(f) as Pin<Box<dyn Future<Output = ()>>>)).collect()).await
}

/// The same for futures that borrow from the caller (the block lanes of one file).
pub async fn join_local<'a, F: Future<Output = ()> + 'a>(futures: Vec<F>) {
    JoinAll(futures.into_iter().map(|f| Some(Box::pin(f) as Pin<Box<dyn Future<Output = ()> + 'a>>)).collect()).await
}
