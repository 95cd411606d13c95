import { useEffect, useRef } from 'preact/hooks';
import { SignInPage } from '../auth/SignInPage.js';
import { signOut, useSession } from '../auth/session.js';
import { PageBoundary } from '../components/PageBoundary.js';
import { Link } from './Link.js';
import { navigationFor, resolveRoute } from './routes.js';
import { href, useLocation } from './router.js';

/** The page frame: skip link, header with navigation and session, and the routed page. */
export function App() {
  const location = useLocation();
  const { session, signOutReason } = useSession();
  const route = resolveRoute(location.path);
  const title = session ? route.title : 'Sign in';
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${title} · payledger console`;
  }, [title]);
  useEffect(() => {
    // After a navigation (not on load), focus the new page's heading: screen readers announce
    // it, and keyboard users continue from the top of the new content.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('page-heading')?.focus();
  }, [location.path, session?.role]);

  const Page = route.page;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <Link class="brand" href={href('/')}>
          payledger <span>console</span>
        </Link>
        {session ? (
          <>
            <nav aria-label="Console">
              <ul>
                {navigationFor(session.role).map((item) => {
                  const current =
                    item.path === '/' ? location.path === '/' : location.path.startsWith(item.path);
                  return (
                    <li key={item.path}>
                      <Link href={href(item.path)} aria-current={current ? 'page' : undefined}>
                        {item.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <div class="session">
              <span>
                Signed in as <strong data-testid="role">{session.role}</strong>
              </span>
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  signOut();
                }}
              >
                Sign out
              </button>
            </div>
          </>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {session ? (
          <PageBoundary key={location.path}>
            <Page session={session} params={route.params} location={location} />
          </PageBoundary>
        ) : (
          <SignInPage reason={signOutReason} />
        )}
      </main>
    </>
  );
}
