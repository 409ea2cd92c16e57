import { A } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { formatPercent } from '../../../shared/audit/scoring.ts'
import { api, call } from '../lib/api.ts'
import { formatDate } from '../lib/format.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { Page } from '../components/page.tsx'
import { AuditsNav } from '../components/audit/audits-nav.tsx'
import { AssignmentStatusBadge, formatDateTime, formatWaiting, OutcomeBadge } from '../components/audit/badges.tsx'
import type { AssignmentSummary } from '../components/audit/types.ts'

/** Submitted and resubmitted audits waiting for a reviewer, the longest-waiting first. */
export function AuditReviewPage() {
  const [queue, { refetch }] = createResource(() => call(api.reviews.$get()).then((r) => r.queue as AssignmentSummary[]))
  return (
    <Page title="Review queue" lead="Audits count in results only once a reviewer approves them. The longest-waiting come first.">
      <AuditsNav />
      <section class="card" aria-labelledby="queue-title">
        <h2 id="queue-title">Waiting for review</h2>
        <AsyncView resource={queue} loading="Loading the review queue…" onRetry={refetch}>
          {(rows) => (
            <Show
              when={rows().length > 0}
              fallback={
                <EmptyState title="Nothing to review">
                  <p>Audits appear here when a shopper submits or resubmits one.</p>
                </EmptyState>
              }
            >
              <p class="hint">
                {rows().length === 1 ? 'One audit waits' : `${rows().length} audits wait`} for review.
              </p>
              <div class="table-wrap">
                <table class="table audit-table">
                  <caption class="sr-only">Audits waiting for review, oldest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Location</th>
                      <th scope="col">Template</th>
                      <th scope="col">Shopper</th>
                      <th scope="col">Visit window</th>
                      <th scope="col">Submitted</th>
                      <th scope="col">Waiting</th>
                      <th scope="col">Status</th>
                      <th scope="col" class="num">
                        Score
                      </th>
                      <th scope="col">Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(a) => (
                        <tr>
                          <th scope="row">
                            <A href={`/audits/${a.id}`}>
                              {a.locationName}
                              <span class="sr-only">: review the audit by {a.shopperName}</span>
                            </A>
                          </th>
                          <td>
                            {a.templateTitle} <span class="muted">v{a.version}</span>
                          </td>
                          <td>{a.shopperName}</td>
                          <td class="nowrap">
                            {formatDate(a.visitFrom)} – {formatDate(a.visitTo)}
                          </td>
                          <td class="nowrap">{formatDateTime(a.submittedAt)}</td>
                          <td class="nowrap">{formatWaiting(a.submittedAt)}</td>
                          <td>
                            <AssignmentStatusBadge status={a.status} />
                          </td>
                          <td class="num">{formatPercent(a.scorePercent)}</td>
                          <td>
                            <OutcomeBadge outcome={a.outcome} insufficient={a.insufficient} />
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          )}
        </AsyncView>
      </section>
    </Page>
  )
}
