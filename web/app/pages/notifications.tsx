import { A } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { ALERT_KIND_LABELS, type AlertKind } from '../../../shared/alerts.ts'
import { api, call, errorMessage } from '../lib/api.ts'
import { allowed } from '../lib/session.ts'
import { setUnread, unread } from '../lib/unread.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { CheckboxField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

type NotificationPage = Awaited<ReturnType<typeof fetchPage>>
type Notification = NotificationPage['notifications'][number]

const PAGE_SIZE = 25

function fetchPage(unreadOnly: boolean, before?: string) {
  return call(api.notifications.$get({ query: { limit: String(PAGE_SIZE), unread: unreadOnly ? 'true' : undefined, before } }))
}

function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

const KIND_CLASS: Record<AlertKind, string> = { below_target: 'tag-closed', sla_breach: 'tag-overdue', repeated_problem: 'tag-draft' }

/** Alerts: standards below target, cases past their SLA, problems that keep coming back. */
export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = createSignal(false)
  const [items, setItems] = createSignal<Notification[]>([])
  const [cursor, setCursor] = createSignal<string | null>(null)
  const [loadingMore, setLoadingMore] = createSignal(false)
  const [message, setMessage] = createSignal('')
  // The source is never falsy (a false source would not load at all).
  const [first, { refetch }] = createResource((): 'unread' | 'all' => (unreadOnly() ? 'unread' : 'all'), async (which) => {
    const page = await fetchPage(which === 'unread')
    setItems(page.notifications)
    setCursor(page.nextCursor)
    setUnread(page.unread)
    return page
  })

  const loadMore = async () => {
    const before = cursor()
    if (!before || loadingMore()) return
    setLoadingMore(true)
    try {
      const page = await fetchPage(unreadOnly(), before)
      setItems([...items(), ...page.notifications])
      setCursor(page.nextCursor)
      setUnread(page.unread)
    } catch (err) {
      setMessage(errorMessage(err))
    } finally {
      setLoadingMore(false)
    }
  }

  const markRead = async (n: Notification, announce = true) => {
    if (n.readAt) return
    try {
      const r = await call(api.notifications[':id'].read.$post({ param: { id: n.id } }))
      setItems(items().map((x) => (x.id === n.id ? r.notification : x)))
      setUnread(r.unread)
      if (announce) setMessage(`“${n.title}” marked read.`)
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  const markAllRead = async () => {
    try {
      const r = await call(api.notifications['read-all'].$post())
      const at = new Date().toISOString()
      setItems(items().map((x) => (x.readAt ? x : { ...x, readAt: at })))
      setUnread(r.unread)
      setMessage(r.updated === 1 ? '1 alert marked read.' : `${r.updated} alerts marked read.`)
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  return (
    <Page
      title="Alerts"
      lead="Standards below target over the last 30 days, cases past their SLA, and the same problem at the same location again and again."
      actions={
        <Show when={allowed('integrations:manage')}>
          <A href="/settings/webhook" class="button">
            Webhook settings
          </A>
        </Show>
      }
    >
      <div class="card">
        <div class="list-toolbar">
          <h2>
            <Show when={(unread() ?? 0) > 0} fallback="All read">
              {unread()} unread
            </Show>
          </h2>
          <CheckboxField label="Unread only" checked={unreadOnly()} onChange={setUnreadOnly} />
          <button type="button" class="button" onClick={markAllRead} disabled={(unread() ?? 0) === 0}>
            Mark all read
          </button>
        </div>
        <p role="status" class="row-message">
          {message()}
        </p>
        <AsyncView resource={first} loading="Loading alerts…" onRetry={refetch}>
          {() => (
            <Show
              when={items().length > 0}
              fallback={
                <EmptyState title={unreadOnly() ? 'Nothing unread' : 'No alerts yet'}>
                  <p>
                    {unreadOnly()
                      ? 'You are up to date. Untick “Unread only” to see earlier alerts.'
                      : 'Alerts appear here when a standard falls below its target, a case passes its SLA, or the same problem keeps coming back at a location.'}
                  </p>
                </EmptyState>
              }
            >
              <ul class="comment-list notification-list" aria-label="Alerts, newest first">
                <For each={items()}>
                  {(n) => (
                    <li class="comment-item notification-item" classList={{ 'notification-unread': !n.readAt }}>
                      <div class="comment-head">
                        <Show when={!n.readAt}>
                          <span class="tag tag-unsaved">Unread</span>
                        </Show>
                        <span class={`tag ${KIND_CLASS[n.kind as AlertKind] ?? ''}`}>{ALERT_KIND_LABELS[n.kind as AlertKind] ?? n.kind}</span>
                        <h3 class="notification-title">
                          <Show when={n.link} fallback={n.title}>
                            <A href={n.link} onClick={() => void markRead(n, false)}>
                              {n.title}
                            </A>
                          </Show>
                        </h3>
                      </div>
                      <Show when={n.body}>
                        <p class="comment-text">{n.body}</p>
                      </Show>
                      <p class="comment-meta">
                        <span>
                          Raised <time datetime={n.createdAt}>{formatWhen(n.createdAt)}</time>
                        </span>
                        <Show when={n.readAt}>{(at) => <span>Read {formatWhen(at())}</span>}</Show>
                      </p>
                      <Show when={!n.readAt}>
                        <div class="comment-actions">
                          <button type="button" class="button small" onClick={() => markRead(n)}>
                            Mark read<span class="sr-only"> {n.title}</span>
                          </button>
                        </div>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={cursor()}>
                <button type="button" class="button" onClick={loadMore} disabled={loadingMore()}>
                  {loadingMore() ? 'Loading…' : 'Show older alerts'}
                </button>
              </Show>
            </Show>
          )}
        </AsyncView>
      </div>
    </Page>
  )
}
