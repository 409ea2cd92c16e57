import { useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { formatPercent } from '../../../shared/audit/scoring.ts'
import { AWAITING_REVIEW, type AssignmentStatus } from '../../../shared/audit/status.ts'
import { api, call } from '../lib/api.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { Page } from '../components/page.tsx'
import { AuditsNav } from '../components/audit/audits-nav.tsx'
import { AuditItems } from '../components/audit/audit-items.tsx'
import { AuditDisputes } from '../components/audit/audit-disputes.tsx'
import { AuditHistory } from '../components/audit/audit-history.tsx'
import { AssignmentStatusBadge, formatDateTime, OutcomeBadge } from '../components/audit/badges.tsx'
import { ReviewActions } from '../components/audit/review-actions.tsx'
import type { AuditDetail } from '../components/audit/types.ts'

/** One audit as a reviewer or manager reads it: the visit, its score, every answer, history, review and disputes. */
export function AuditDetailPage() {
  const params = useParams()
  const [detail, { refetch, mutate }] = createResource(
    () => params.id,
    (id) => call(api.assignments[':id'].$get({ param: { id } })).then((d) => d as AuditDetail),
  )
  const [message, setMessage] = createSignal('')
  const afterChange = async (text: string) => {
    await refetch()
    setMessage(text)
  }

  return (
    <AsyncView resource={detail} loading="Loading the audit…" onRetry={refetch}>
      {(d) => {
        const a = () => d().assignment
        const awaitingReview = () => AWAITING_REVIEW.includes(a().status as AssignmentStatus)
        const canReview = () => allowed('audits:review') && awaitingReview()
        const hasOpenDispute = () => d().disputes.some((x) => x.status === 'open')
        const showDisputes = () => d().disputes.length > 0 || (a().status === 'approved' && allowed('audits:dispute'))
        return (
          <Page title={`${a().locationName} · ${a().templateTitle}`} lead={`Mystery-shopper audit by ${a().shopperName}.`}>
            <AuditsNav />
            <p role="status" class="row-message">
              {message()}
            </p>
            <Show when={d().namesHidden}>
              <p class="notice">Staff names are hidden: the template keeps names typed into narratives and notes private, so they show as [name].</p>
            </Show>
            <div class="layout-halves">
              <section class="card" aria-labelledby="visit-title">
                <h2 id="visit-title">The visit</h2>
                <dl class="details">
                  <dt>Status</dt>
                  <dd>
                    <AssignmentStatusBadge status={a().status} />
                    <Show when={a().overdue}>
                      <span class="tag tag-overdue">Overdue</span>
                    </Show>
                  </dd>
                  <dt>Location</dt>
                  <dd>{a().locationName}</dd>
                  <dt>Shopper</dt>
                  <dd>{a().shopperName}</dd>
                  <dt>Template</dt>
                  <dd>
                    {a().templateTitle} · version {a().version}
                  </dd>
                  <Show when={a().waveName}>
                    <dt>Wave</dt>
                    <dd>{a().waveName}</dd>
                  </Show>
                  <dt>Visit window</dt>
                  <dd>
                    {formatDate(a().visitFrom)} to {formatDate(a().visitTo)}
                  </dd>
                  <dt>Due</dt>
                  <dd>{formatDateTime(a().dueAt)}</dd>
                  <dt>Visit recorded</dt>
                  <dd>
                    <Show when={a().visitStartedAt} fallback={<span class="muted">Not recorded yet</span>}>
                      {formatDateTime(a().visitStartedAt)} to {a().visitEndedAt ? formatDateTime(a().visitEndedAt) : '—'}
                    </Show>
                  </dd>
                  <Show when={a().submittedAt}>
                    <dt>Submitted</dt>
                    <dd>{formatDateTime(a().submittedAt)}</dd>
                  </Show>
                  <Show when={a().instructions}>
                    <dt>Instructions</dt>
                    <dd class="pre-line">{a().instructions}</dd>
                  </Show>
                </dl>
              </section>
              <section class="card score-card" aria-labelledby="score-title">
                <h2 id="score-title">Score</h2>
                <p class="score-value" data-testid="audit-score">
                  {formatPercent(d().score.percent)}
                </p>
                <p class="score-points">
                  {fmt(d().score.earned)} of {fmt(d().score.possible)} points · {d().score.applicableItems} of {d().score.scoredItems} scored items applicable
                </p>
                <p>
                  <OutcomeBadge outcome={d().score.outcome} insufficient={d().score.insufficient} />
                  <span class="hint">
                    {' '}
                    pass at {d().definition.settings.passTarget}%, amber from {d().definition.settings.passTarget - d().definition.settings.amberTolerance}%
                  </span>
                </p>
                <Show when={d().score.criticalFailures.length > 0}>
                  <p class="notice notice-error">A critical item failed, so the outcome is a critical fail whatever the percentage.</p>
                </Show>
                <Show when={d().score.insufficient}>
                  <p class="notice">Insufficient: too few scored items were applicable to judge this visit on its own.</p>
                </Show>
                <Show when={!['approved', 'rejected'].includes(a().status)}>
                  <p class="hint">Only approved audits count in results.</p>
                </Show>
                <div class="table-wrap">
                  <table class="table">
                    <caption class="sr-only">Score by section</caption>
                    <thead>
                      <tr>
                        <th scope="col">Section</th>
                        <th scope="col" class="num">
                          Score
                        </th>
                        <th scope="col" class="num">
                          Points
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={d().score.sections}>
                        {(s) => (
                          <tr>
                            <th scope="row">{s.title}</th>
                            <td class="num">{formatPercent(s.percent)}</td>
                            <td class="num">
                              {fmt(s.earned)} / {fmt(s.possible)}
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </section>
            </div>
            <Show when={canReview()}>
              <section class="card">
                <ReviewActions assignmentId={a().id} onDone={afterChange} />
              </section>
            </Show>
            <AuditItems detail={d()} canEdit={canReview()} onEdited={(next) => {
              mutate(next)
              setMessage('Answer changed; the score and history are updated.')
            }} />
            <Show when={showDisputes()}>
              <section class="card" aria-labelledby="disputes-title">
                <h2 id="disputes-title">Disputes</h2>
                <AuditDisputes
                  assignmentId={a().id}
                  disputes={d().disputes}
                  canRaise={allowed('audits:dispute') && a().status === 'approved' && !hasOpenDispute()}
                  canResolve={allowed('audits:review')}
                  onChanged={afterChange}
                />
              </section>
            </Show>
            <section class="card" aria-labelledby="history-title">
              <h2 id="history-title">History</h2>
              <AuditHistory events={d().events} definition={d().definition} />
            </section>
          </Page>
        )
      }}
    </AsyncView>
  )
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))
