import { A } from '@solidjs/router'
import { createResource, createSignal, For, Show, type JSX } from 'solid-js'
import { ApiError, errorMessage } from '../lib/api.ts'
import { formatDate } from '../lib/format.ts'
import { session } from '../lib/session.ts'
import { Page } from '../components/page.tsx'
import { acceptAssignment, getShopperAssignment, listShopperAssignments, type ShopperSummary } from '../components/shopper/api.ts'
import { readCachedList, readLocalVisit, writeCachedDetail, writeCachedList } from '../components/shopper/store.ts'

const excerpt = (text: string | null | undefined, max = 140) => {
  const t = (text ?? '').replace(/\s+/g, ' ').trim()
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}
const dueText = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
const byDue = (a: ShopperSummary, b: ShopperSummary) => a.dueAt.localeCompare(b.dueAt)

/** The shopper's visits, grouped by what they need to do next; the last list fetched shows when offline. */
export function ShopperAssignmentsPage() {
  const userId = () => session()?.user.id ?? ''
  const cached = readCachedList(userId())
  const [offline, setOffline] = createSignal(false)
  const [list, { mutate, refetch }] = createResource(async () => {
    try {
      const { assignments } = await listShopperAssignments()
      writeCachedList(userId(), assignments)
      setOffline(false)
      return assignments
    } catch (err) {
      if (err instanceof ApiError && err.status === 0 && cached) {
        setOffline(true)
        return cached.assignments
      }
      throw err
    }
  })
  const assignments = () => (list.state === 'ready' ? list() : (cached?.assignments ?? []))
  const have = () => list.state === 'ready' || !!cached

  const group = (statuses: string[]) => assignments().filter((a) => statuses.includes(a.status)).sort(byDue)
  const returned = () => group(['returned'])
  const todo = () => group(['accepted', 'in_progress'])
  const fresh = () => group(['assigned'])
  const submitted = () => group(['submitted', 'resubmitted'])
  const finished = () => group(['approved', 'rejected']).reverse()

  const [accepting, setAccepting] = createSignal<string | null>(null)
  const [message, setMessage] = createSignal('')
  const accept = async (a: ShopperSummary) => {
    setAccepting(a.id)
    setMessage('')
    try {
      const { assignment } = await acceptAssignment(a.id)
      mutate(assignments().map((x) => (x.id === a.id ? { ...x, ...assignment } : x)))
      writeCachedList(userId(), assignments())
      setMessage(`Visit to ${a.locationName} accepted. It is now under To do.`)
      // Kept on the phone at once, so the visit opens offline even if it is never opened before leaving.
      void getShopperAssignment(a.id).then((d) => writeCachedDetail(a.id, d)).catch(() => undefined)
    } catch (err) {
      setMessage(errorMessage(err))
      void refetch()
    } finally {
      setAccepting(null)
    }
  }

  return (
    <Page title="My visits">
      <p class="sr-only" role="status">
        {message()}
      </p>
      <Show when={message()}>
        <p class="notice" aria-hidden="true">
          {message()}
        </p>
      </Show>
      <Show when={offline()}>
        <p class="notice offline-note">Offline: showing your visits as of {cached ? new Date(cached.at).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : 'the last time you were online'}.</p>
      </Show>
      <Show when={have()} fallback={<Show when={list.error} fallback={<p class="loading">Loading your visits…</p>}><p class="form-error" role="alert">{errorMessage(list.error)}</p></Show>}>
        <Show
          when={assignments().length}
          fallback={
            <div class="card empty-state">
              <p>No visits yet. When a visit is given to you it appears here, and you can accept it.</p>
            </div>
          }
        >
          <VisitGroup title="Returned for changes" visits={returned()} lead="A reviewer asked for changes." />
          <VisitGroup title="To do" visits={todo()} />
          <VisitGroup title="New" visits={fresh()} action={(a) => (
            <button type="button" class="button primary" disabled={accepting() === a.id} onClick={() => void accept(a)}>
              {accepting() === a.id ? 'Accepting…' : 'Accept'}
              <span class="sr-only"> the visit to {a.locationName}</span>
            </button>
          )} />
          <VisitGroup title="Submitted" visits={submitted()} />
          <Show when={finished().length}>
            <details class="card visit-done">
              <summary>
                <h2 class="h3 inline">Done ({finished().length})</h2>
              </summary>
              <VisitList visits={finished()} />
            </details>
          </Show>
        </Show>
      </Show>
    </Page>
  )
}

function VisitGroup(props: { title: string; visits: ShopperSummary[]; lead?: string; action?: (a: ShopperSummary) => JSX.Element }) {
  return (
    <Show when={props.visits.length}>
      <section class="visit-group" aria-labelledby={`group-${props.title.replace(/\W+/g, '-')}`}>
        <h2 id={`group-${props.title.replace(/\W+/g, '-')}`} class="h3">
          {props.title} ({props.visits.length})
        </h2>
        <Show when={props.lead}>
          <p class="muted small">{props.lead}</p>
        </Show>
        <VisitList visits={props.visits} action={props.action} />
      </section>
    </Show>
  )
}

function VisitList(props: { visits: ShopperSummary[]; action?: (a: ShopperSummary) => JSX.Element }) {
  return (
    <ul class="visit-list">
      <For each={props.visits}>
        {(a) => {
          const local = readLocalVisit(a.id)
          return (
            <li class="visit-card" classList={{ 'visit-overdue': a.overdue }}>
              <h3 class="visit-title">
                <A href={`/visits/${a.id}`}>{a.locationName}</A>
              </h3>
              <Show when={a.locationAddress}>
                <p class="visit-address">{a.locationAddress}</p>
              </Show>
              <p class="visit-meta">
                {formatDate(a.visitFrom)} – {formatDate(a.visitTo)} · <span classList={{ overdue: a.overdue }}>{a.overdue ? 'Overdue: was due ' : 'Due '}{dueText(a.dueAt)}</span>
              </p>
              <p class="muted small">{a.templateTitle}</p>
              <Show when={a.status === 'returned'}>
                <ReturnComment id={a.id} />
              </Show>
              <Show when={excerpt(a.instructions)}>
                <p class="visit-instructions">{excerpt(a.instructions)}</p>
              </Show>
              <Show when={local?.submitPending}>
                <p class="tag tag-unsaved">Waiting to send</p>
              </Show>
              <Show when={props.action}>
                <div class="visit-actions">{props.action!(a)}</div>
              </Show>
            </li>
          )
        }}
      </For>
    </ul>
  )
}

/** The reviewer's latest comment, from the assignment (cached for offline use). */
function ReturnComment(props: { id: string }) {
  const [detail] = createResource(
    () => props.id,
    async (id) => {
      const d = await getShopperAssignment(id)
      writeCachedDetail(id, d)
      return d
    },
  )
  const comment = () => {
    const d = detail.state === 'ready' ? detail() : undefined
    const withMessage = (d?.comments ?? []).filter((c) => c.message && c.toStatus === 'returned')
    return withMessage[withMessage.length - 1]?.message ?? null
  }
  return (
    <Show when={comment()}>
      <blockquote class="return-comment">
        <span class="sr-only">Reviewer’s comment: </span>“{excerpt(comment(), 160)}”
      </blockquote>
    </Show>
  )
}
