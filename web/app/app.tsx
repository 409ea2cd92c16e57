import { Route, Router, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router'
import { createEffect, createResource, Show, type JSX } from 'solid-js'
import { can, type Permission, type Role } from '../../shared/roles.ts'
import { api, ApiError, call, errorMessage, setUnauthenticatedHandler } from './lib/api.ts'
import { allowed, needsSetup, session, setNeedsSetup, setSession } from './lib/session.ts'
import { ConfirmDialogHost } from './components/confirm-dialog.tsx'
import { NavBar } from './components/nav-bar.tsx'
import { SetupPage } from './pages/setup.tsx'
import { LoginPage } from './pages/login.tsx'
import { AcceptInvitePage } from './pages/accept-invite.tsx'
import { DashboardPage } from './pages/dashboard.tsx'
import { LocationsPage } from './pages/locations.tsx'
import { StandardsPage } from './pages/standards.tsx'
import { StandardNewPage, StandardDetailPage } from './pages/standard-detail.tsx'
import { SurveysPage } from './pages/surveys.tsx'
import { SurveyEditorPage } from './pages/survey-editor.tsx'
import { SurveyLinksPage } from './pages/survey-links.tsx'
import { LinkPosterPage } from './pages/link-poster.tsx'
import { UsersPage } from './pages/users.tsx'
import { AccountPage } from './pages/account.tsx'
import { NotFoundPage, NothingForRolePage } from './pages/misc.tsx'
import { AuditTemplatesPage } from './pages/audit-templates.tsx'
import { AuditTemplateEditorPage } from './pages/audit-template-editor.tsx'
import { AuditAssignmentsPage } from './pages/audit-assignments.tsx'
import { AuditPlanPage } from './pages/audit-plan.tsx'
import { AuditReviewPage } from './pages/audit-review.tsx'
import { AuditDetailPage } from './pages/audit-detail.tsx'
import { AuditResultsPage } from './pages/audit-results.tsx'
import { ShopperAssignmentsPage } from './pages/shopper-assignments.tsx'
import { ShopperAuditPage } from './pages/shopper-audit.tsx'
import { forgetOfflineSession, readOfflineSession, rememberOfflineSession } from './components/shopper/store.ts'

/** Asks once whether the installation needs its first-run setup, and sends everyone there if so. */
function Root(props: RouteSectionProps) {
  const navigate = useNavigate()
  const location = useLocation()
  const [setup] = createResource(async () => {
    try {
      const r = await call(api.setup.$get())
      setNeedsSetup(r.needsSetup)
      return r
    } catch (err) {
      // A shopper reopening the app without a connection gets their visits, kept on the phone.
      const offline = err instanceof ApiError && err.status === 0 ? readOfflineSession() : null
      if (!offline) throw err
      setSession(offline)
      setNeedsSetup(false)
      return { needsSetup: false }
    }
  })
  setUnauthenticatedHandler(() => {
    // Only a session that was in use has "ended"; a failed sign-in is answered on its own form.
    if (!session()) return
    forgetOfflineSession()
    setSession(null)
    const next = location.pathname + location.search
    navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true })
  })
  createEffect(() => {
    const needed = needsSetup()
    if (needed === true && location.pathname !== '/setup') navigate('/setup', { replace: true })
    if (needed === false && location.pathname === '/setup') navigate(session() ? '/' : '/login', { replace: true })
  })
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Show when={!setup.error} fallback={<StartupError message={errorMessage(setup.error)} />}>
        <Show when={needsSetup() !== undefined} fallback={<p class="loading boot">Loading Yardstick…</p>}>
          {props.children}
        </Show>
      </Show>
      <ConfirmDialogHost />
    </>
  )
}

function StartupError(props: { message: string }) {
  return (
    <main id="main" class="public-page">
      <div class="card narrow">
        <h1>Yardstick is unavailable</h1>
        <p>{props.message}</p>
        <button type="button" class="button primary" onClick={() => location.reload()}>
          Try again
        </button>
      </div>
    </main>
  )
}

/** Pages behind sign-in: loads the session (or sends to Sign in) and shows the navigation. */
function SignedIn(props: RouteSectionProps) {
  const navigate = useNavigate()
  const location = useLocation()
  const [me] = createResource(
    () => !session() && needsSetup() === false,
    async () => {
      try {
        const s = await call(api.auth.me.$get())
        setSession(s)
        return s
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          // Signing out clears the session before the sign-in page replaces this layout; the
          // question it then asks is answered 401, and we are on our way to sign-in already.
          if (location.pathname === '/login') return null
          const next = location.pathname + location.search
          navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true })
          return null
        }
        throw err
      }
    },
  )
  createEffect(() => {
    const s = session()
    if (s && can(s.user.role as Role, 'audits:fill')) rememberOfflineSession(s)
  })
  // A shopper's home is their visits.
  createEffect(() => {
    if (session() && location.pathname === '/' && allowed('audits:fill') && !allowed('results:read')) navigate('/visits', { replace: true })
  })
  return (
    <Show when={session()} fallback={<Show when={me.error} fallback={<p class="loading boot">Loading…</p>}><StartupError message={errorMessage(me.error)} /></Show>}>
      <NavBar />
      <main id="main" class="main" tabindex="-1">
        {/* Every role has its own account page, shoppers their visits; the rest needs a role that reads results. */}
        <Show when={allowed('results:read') || location.pathname === '/account' || (allowed('audits:fill') && /^\/visits(\/|$)/.test(location.pathname))} fallback={<NothingForRolePage />}>
          {props.children}
        </Show>
      </main>
    </Show>
  )
}

/** Shows a page only to roles allowed to use it; the server refuses the API calls anyway. */
function Guard(permission: Permission, page: () => JSX.Element) {
  return () => (
    <Show when={allowed(permission)} fallback={<NotFoundPage forbidden />}>
      {page()}
    </Show>
  )
}

export function App() {
  return (
    <Router root={Root}>
      <Route path="/setup" component={SetupPage} />
      <Route path="/login" component={LoginPage} />
      <Route path="/invite/:token" component={AcceptInvitePage} />
      <Route path="/" component={SignedIn}>
        <Route path="/" component={DashboardPage} />
        <Route path="/account" component={AccountPage} />
        <Route path="/locations" component={LocationsPage} />
        <Route path="/standards" component={StandardsPage} />
        <Route path="/standards/new" component={Guard('config:write', () => <StandardNewPage />)} />
        <Route path="/standards/:id" component={StandardDetailPage} />
        <Route path="/surveys" component={SurveysPage} />
        <Route path="/surveys/:id" component={SurveyEditorPage} />
        <Route path="/surveys/:id/links" component={SurveyLinksPage} />
        <Route path="/surveys/:id/links/:collectorId/poster" component={LinkPosterPage} />
        <Route path="/users" component={Guard('users:manage', () => <UsersPage />)} />
        <Route path="/audits" component={AuditAssignmentsPage} />
        <Route path="/audits/plan" component={Guard('audits:design', () => <AuditPlanPage />)} />
        <Route path="/audits/templates" component={AuditTemplatesPage} />
        <Route path="/audits/templates/:id" component={AuditTemplateEditorPage} />
        <Route path="/audits/review" component={Guard('audits:review', () => <AuditReviewPage />)} />
        <Route path="/audits/results" component={AuditResultsPage} />
        <Route path="/audits/:id" component={AuditDetailPage} />
        <Route path="/visits" component={Guard('audits:fill', () => <ShopperAssignmentsPage />)} />
        <Route path="/visits/:id" component={Guard('audits:fill', () => <ShopperAuditPage />)} />
        <Route path="*404" component={() => <NotFoundPage />} />
      </Route>
    </Router>
  )
}
