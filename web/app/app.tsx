import { Route, Router, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router'
import { createEffect, createResource, createSignal, lazy, Match, Show, Switch, type Component, type JSX } from 'solid-js'
import { can, type Permission, type Role } from '../../shared/roles.ts'
import { api, ApiError, call, errorMessage, setUnauthenticatedHandler } from './lib/api.ts'
import { allowed, needsSetup, session, setNeedsSetup, setSession } from './lib/session.ts'
import { ConfirmDialogHost } from './components/confirm-dialog.tsx'
import { NavBar } from './components/nav-bar.tsx'
import { LoginPage } from './pages/login.tsx'
import { NotFoundPage, NothingForRolePage } from './pages/misc.tsx'
import { forgetOfflineSession, readOfflineSession, rememberOfflineSession } from './components/shopper/store.ts'

/**
 * Shows a lazy page once its chunk has arrived, "Loading…" until then, and a way to retry if it
 * cannot be fetched (no connection, or a deploy replaced the chunk). Not a <Suspense> boundary:
 * pages read their data with createResource, and under a boundary around them every load or
 * refresh of that data would swap the whole page for the fallback instead of their own states.
 */
function loaded<P extends object>(Page: Component<P> & { preload: () => Promise<unknown> }): Component<P> {
  const [state, setState] = createSignal<'idle' | 'loading' | 'ready' | 'failed'>('idle')
  const load = () => {
    setState('loading')
    Page.preload().then(
      () => setState('ready'),
      () => setState('failed'),
    )
  }
  return (props) => {
    if (state() === 'idle' || state() === 'failed') load()
    return (
      <Switch fallback={<p class="loading" role="status">Loading…</p>}>
        <Match when={state() === 'ready'}>
          <Page {...props} />
        </Match>
        <Match when={state() === 'failed'}>
          <div class="notice notice-error" role="alert">
            <p>This page could not be loaded. Check your connection and try again.</p>
            <button type="button" class="button" onClick={() => location.reload()}>
              Try again
            </button>
          </div>
        </Match>
      </Switch>
    )
  }
}

/*
 * Every page but sign-in is its own chunk, downloaded the first time it is opened: the app loads
 * only the shell (router, navigation, session, sign-in, API client) up front. The service worker
 * keeps every chunk for shoppers working offline (web/public/sw.js).
 */
const SetupPage = loaded(lazy(() => import('./pages/setup.tsx').then((m) => ({ default: m.SetupPage }))))
const AcceptInvitePage = loaded(lazy(() => import('./pages/accept-invite.tsx').then((m) => ({ default: m.AcceptInvitePage }))))
const DashboardPage = loaded(lazy(() => import('./pages/dashboard.tsx').then((m) => ({ default: m.DashboardPage }))))
const LocationsPage = loaded(lazy(() => import('./pages/locations.tsx').then((m) => ({ default: m.LocationsPage }))))
const StandardsPage = loaded(lazy(() => import('./pages/standards.tsx').then((m) => ({ default: m.StandardsPage }))))
const StandardNewPage = loaded(lazy(() => import('./pages/standard-detail.tsx').then((m) => ({ default: m.StandardNewPage }))))
const StandardDetailPage = loaded(lazy(() => import('./pages/standard-detail.tsx').then((m) => ({ default: m.StandardDetailPage }))))
const SurveysPage = loaded(lazy(() => import('./pages/surveys.tsx').then((m) => ({ default: m.SurveysPage }))))
const SurveyEditorPage = loaded(lazy(() => import('./pages/survey-editor.tsx').then((m) => ({ default: m.SurveyEditorPage }))))
const SurveyLinksPage = loaded(lazy(() => import('./pages/survey-links.tsx').then((m) => ({ default: m.SurveyLinksPage }))))
const LinkPosterPage = loaded(lazy(() => import('./pages/link-poster.tsx').then((m) => ({ default: m.LinkPosterPage }))))
const UsersPage = loaded(lazy(() => import('./pages/users.tsx').then((m) => ({ default: m.UsersPage }))))
const AccountPage = loaded(lazy(() => import('./pages/account.tsx').then((m) => ({ default: m.AccountPage }))))
const AuditTemplatesPage = loaded(lazy(() => import('./pages/audit-templates.tsx').then((m) => ({ default: m.AuditTemplatesPage }))))
const AuditTemplateEditorPage = loaded(lazy(() => import('./pages/audit-template-editor.tsx').then((m) => ({ default: m.AuditTemplateEditorPage }))))
const AuditAssignmentsPage = loaded(lazy(() => import('./pages/audit-assignments.tsx').then((m) => ({ default: m.AuditAssignmentsPage }))))
const AuditPlanPage = loaded(lazy(() => import('./pages/audit-plan.tsx').then((m) => ({ default: m.AuditPlanPage }))))
const AuditReviewPage = loaded(lazy(() => import('./pages/audit-review.tsx').then((m) => ({ default: m.AuditReviewPage }))))
const AuditDetailPage = loaded(lazy(() => import('./pages/audit-detail.tsx').then((m) => ({ default: m.AuditDetailPage }))))
const AuditResultsPage = loaded(lazy(() => import('./pages/audit-results.tsx').then((m) => ({ default: m.AuditResultsPage }))))
const CommentsPage = loaded(lazy(() => import('./pages/comments.tsx').then((m) => ({ default: m.CommentsPage }))))
const AnalyticsTrendPage = loaded(lazy(() => import('./pages/analytics-trend.tsx').then((m) => ({ default: m.AnalyticsTrendPage }))))
const AnalyticsBreakdownPage = loaded(lazy(() => import('./pages/analytics-breakdown.tsx').then((m) => ({ default: m.AnalyticsBreakdownPage }))))
const AnalyticsWhyPage = loaded(lazy(() => import('./pages/analytics-why.tsx').then((m) => ({ default: m.AnalyticsWhyPage }))))
const CasesPage = loaded(lazy(() => import('./pages/cases.tsx').then((m) => ({ default: m.CasesPage }))))
const CaseNewPage = loaded(lazy(() => import('./pages/case-new.tsx').then((m) => ({ default: m.CaseNewPage }))))
const CaseSettingsPage = loaded(lazy(() => import('./pages/case-settings.tsx').then((m) => ({ default: m.CaseSettingsPage }))))
const CaseDetailPage = loaded(lazy(() => import('./pages/case-detail.tsx').then((m) => ({ default: m.CaseDetailPage }))))
const ReviewReportPage = loaded(lazy(() => import('./pages/review-report.tsx').then((m) => ({ default: m.ReviewReportPage }))))
const ShopperAssignmentsPage = loaded(lazy(() => import('./pages/shopper-assignments.tsx').then((m) => ({ default: m.ShopperAssignmentsPage }))))
const ShopperAuditPage = loaded(lazy(() => import('./pages/shopper-audit.tsx').then((m) => ({ default: m.ShopperAuditPage }))))
const NotificationsPage = loaded(lazy(() => import('./pages/notifications.tsx').then((m) => ({ default: m.NotificationsPage }))))
const WebhookSettingsPage = loaded(lazy(() => import('./pages/webhook-settings.tsx').then((m) => ({ default: m.WebhookSettingsPage }))))
const ActionsPage = loaded(lazy(() => import('./pages/actions.tsx').then((m) => ({ default: m.ActionsPage }))))
const ActionDetailPage = loaded(lazy(() => import('./pages/action-detail.tsx').then((m) => ({ default: m.ActionDetailPage }))))

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
        <Route path="/comments" component={CommentsPage} />
        <Route path="/cases" component={CasesPage} />
        <Route path="/cases/new" component={Guard('cases:work', () => <CaseNewPage />)} />
        <Route path="/cases/settings" component={Guard('cases:work', () => <CaseSettingsPage />)} />
        <Route path="/cases/:id" component={CaseDetailPage} />
        <Route path="/notifications" component={NotificationsPage} />
        <Route path="/settings/webhook" component={Guard('integrations:manage', () => <WebhookSettingsPage />)} />
        <Route path="/actions" component={ActionsPage} />
        <Route path="/actions/:id" component={ActionDetailPage} />
        <Route path="/analytics/trend" component={AnalyticsTrendPage} />
        <Route path="/analytics/breakdown" component={AnalyticsBreakdownPage} />
        <Route path="/analytics/why" component={AnalyticsWhyPage} />
        <Route path="/review" component={ReviewReportPage} />
        <Route path="/visits" component={Guard('audits:fill', () => <ShopperAssignmentsPage />)} />
        <Route path="/visits/:id" component={Guard('audits:fill', () => <ShopperAuditPage />)} />
        <Route path="*404" component={() => <NotFoundPage />} />
      </Route>
    </Router>
  )
}
