import { A, useLocation, useNavigate } from '@solidjs/router'
import { createSignal, For, onCleanup, Show } from 'solid-js'
import { ROLE_LABELS, type Permission, type Role } from '../../../shared/roles.ts'
import { api, call } from '../lib/api.ts'
import { allowed, session, setSession } from '../lib/session.ts'
import { forgetOfflineSession } from './shopper/store.ts'
import { refreshUnread, unread } from '../lib/unread.ts'

const ITEMS: { href: string; label: string; permission: Permission; end?: boolean; also?: string }[] = [
  // The dashboard is the analytics hub: Board · Trends · Breakdowns · Why.
  { href: '/', label: 'Dashboard', permission: 'results:read', end: true, also: '/analytics/' },
  { href: '/cases', label: 'Cases', permission: 'results:read' },
  { href: '/review', label: 'Review', permission: 'results:read' },
  { href: '/standards', label: 'Standards', permission: 'results:read' },
  { href: '/surveys', label: 'Surveys', permission: 'results:read' },
  { href: '/audits', label: 'Audits', permission: 'results:read' },
  { href: '/comments', label: 'Comments', permission: 'results:read' },
  { href: '/notifications', label: 'Alerts', permission: 'results:read' },
  { href: '/actions', label: 'Actions', permission: 'results:read' },
  { href: '/locations', label: 'Locations', permission: 'results:read' },
  { href: '/users', label: 'Users', permission: 'users:manage' },
  { href: '/visits', label: 'My visits', permission: 'audits:fill' },
]

/** The top bar: organisation, the pages this role can use, the user and Sign out. */
export function NavBar() {
  const navigate = useNavigate()
  const location = useLocation()
  const [signingOut, setSigningOut] = createSignal(false)
  // The unread alert count beside Alerts: asked on arrival and every two minutes.
  if (allowed('results:read')) {
    void refreshUnread()
    const timer = setInterval(() => void refreshUnread(), 120_000)
    onCleanup(() => clearInterval(timer))
  }

  const signOut = async () => {
    setSigningOut(true)
    try {
      await call(api.auth.logout.$post())
    } catch {
      // Signing out locally is what matters; the server session expires by itself.
    }
    forgetOfflineSession()
    setSession(null)
    setSigningOut(false)
    navigate('/login', { replace: true })
  }

  return (
    <header class="topbar">
      <div class="topbar-inner">
        <A href="/" class="brand" end>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span class="brand-text">
            <span class="brand-name">Yardstick</span>
            <span class="brand-org">{session()?.organisation.name}</span>
          </span>
        </A>
        <nav aria-label="Main">
          <ul class="nav-list">
            <For each={ITEMS.filter((i) => allowed(i.permission))}>
              {(item) => (
                <li>
                  <A href={item.href} end={item.end} activeClass="active" classList={item.also && location.pathname.startsWith(item.also) ? { active: true } : {}}>
                    {item.label}
                    <Show when={item.href === '/notifications' && unread()}>
                      {(n) => (
                        <>
                          {' '}
                          <span class="nav-count">
                            {n()}
                            <span class="sr-only"> unread</span>
                          </span>
                        </>
                      )}
                    </Show>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <div class="user-menu">
          <Show when={session()}>
            {(s) => (
              <A href="/account" class="user-name" title="Your account">
                {s().user.name}
                <span class="user-role"> ({ROLE_LABELS[s().user.role as Role] ?? s().user.role})</span>
              </A>
            )}
          </Show>
          <button type="button" class="button small" onClick={signOut} disabled={signingOut()}>
            {signingOut() ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </div>
    </header>
  )
}
