//! Contexts of nested routers.

/// The context of a subrouter, made from its parent's context once routing
/// reaches the subrouter and given back when its chain ends.
///
/// Every context type is a `SubContext` of itself: a subrouter with the
/// parent's context type shares the parent's instance. A child type owns
/// its parent, usually with `Deref`/`DerefMut` to it so that the
/// parent's fields read as the child's (`#[derive(SubContext)]` writes
/// all of it). The parent's middleware see the child's changes after
/// `next` returns.
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router, SubContext};
/// use std::ops::{Deref, DerefMut};
///
/// #[derive(Default)]
/// struct App { user: Option<String> }
///
/// struct Admin { app: App, audit: Vec<String> }
///
/// impl SubContext<App> for Admin {
///     fn from_parent(app: App) -> Self { Admin { app, audit: Vec::new() } }
///     fn into_parent(self) -> App { self.app }
/// }
///
/// impl Deref for Admin { type Target = App; fn deref(&self) -> &App { &self.app } }
/// impl DerefMut for Admin { fn deref_mut(&mut self) -> &mut App { &mut self.app } }
///
/// async fn reports(ctx: &mut Admin, _: &mut Request) -> String {
///     format!("reports for {:?}", ctx.user)
/// }
///
/// let mut app = Router::<App>::new();
/// app.subrouter::<Admin>("/admin").unwrap().get("/reports", reports).unwrap();
/// ```
pub trait SubContext<P>: Send + Sized + 'static {
    /// Makes the child context, taking ownership of the parent's.
    fn from_parent(parent: P) -> Self;

    /// Gives the parent's context back, with whatever the child changed.
    fn into_parent(self) -> P;

    /// The parent's own instance when the child type is the parent type.
    #[doc(hidden)]
    fn shared(_parent: &mut P) -> Option<&mut Self> {
        None
    }
}

impl<C: Send + 'static> SubContext<C> for C {
    fn from_parent(parent: C) -> Self {
        parent
    }

    fn into_parent(self) -> C {
        self
    }

    #[inline]
    fn shared(parent: &mut C) -> Option<&mut C> {
        Some(parent)
    }
}

/// Gives a child context back to its parent on drop, also when the child's
/// chain is dropped mid-flight.
pub(crate) struct Restore<'a, P, Ch: SubContext<P>> {
    pub(crate) parent: &'a mut P,
    pub(crate) child: Option<Ch>,
}

impl<P, Ch: SubContext<P>> Drop for Restore<'_, P, Ch> {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            *self.parent = child.into_parent();
        }
    }
}
