import { A } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { DIMENSION_LABELS, DIMENSIONS, METRIC_LABELS, type STANDARD_METRICS } from '../../../shared/schemas.ts'
import { api, call, type StandardRow } from '../lib/api.ts'
import { formatTarget, formatTolerance } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { CheckboxField, SelectField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

type Dimension = (typeof DIMENSIONS)[number]
type Metric = (typeof STANDARD_METRICS)[number]

export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric as Metric] ?? metric
}

export function dimensionLabel(dimension: string): string {
  return DIMENSION_LABELS[dimension as Dimension] ?? dimension
}

/** The service standards register, grouped by SERVQUAL dimension. */
export function StandardsPage() {
  const [showArchived, setShowArchived] = createSignal(false)
  const [dimension, setDimension] = createSignal<'' | Dimension>('')
  const [standards, { refetch }] = createResource((): 'include' | 'exclude' => (showArchived() ? 'include' : 'exclude'), (archived) =>
    call(api.standards.$get({ query: { archived } })).then((r) => r.standards),
  )

  return (
    <Page
      title="Service standards"
      lead="What good service means here: each standard has a target, a tolerance band and the metric that measures it."
      actions={
        <Show when={allowed('config:write')}>
          <A href="/standards/new" class="button primary">
            New standard
          </A>
        </Show>
      }
    >
      <div class="card">
        <div class="list-toolbar">
          <SelectField
            label="Dimension"
            value={dimension()}
            onChange={(v) => setDimension(v as '' | Dimension)}
            options={[{ value: '', label: 'All dimensions' }, ...DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))]}
            class="inline"
          />
          <CheckboxField label="Show archived" checked={showArchived()} onChange={setShowArchived} />
        </div>
        <AsyncView resource={standards} loading="Loading standards…" onRetry={refetch}>
          {(rows) => (
            <Show
              when={rows().length > 0}
              fallback={
                <EmptyState title="No service standards yet">
                  <p>Start with the promises you make to customers, for example “CSAT at least 85%” or “NPS at least +40”.</p>
                  <Show when={allowed('config:write')}>
                    <A href="/standards/new" class="button primary">
                      Create the first standard
                    </A>
                  </Show>
                </EmptyState>
              }
            >
              <StandardGroups rows={rows()} dimension={dimension()} />
            </Show>
          )}
        </AsyncView>
      </div>
    </Page>
  )
}

function StandardGroups(props: { rows: StandardRow[]; dimension: '' | Dimension }) {
  const groups = createMemo(() =>
    DIMENSIONS.filter((d) => !props.dimension || d === props.dimension)
      .map((d) => ({ dimension: d, rows: props.rows.filter((r) => r.dimension === d) }))
      .filter((g) => g.rows.length > 0),
  )
  return (
    <Show when={groups().length > 0} fallback={<p class="muted">No standards in this dimension.</p>}>
      <For each={groups()}>
        {(group) => (
          <section class="group" aria-labelledby={`dim-${group.dimension}`}>
            <h2 id={`dim-${group.dimension}`} class="group-title">
              {DIMENSION_LABELS[group.dimension]} <span class="count">({group.rows.length})</span>
            </h2>
            <div class="table-wrap">
              <table class="table register">
                <colgroup>
                  <col class="col-code" />
                  <col class="col-title" />
                  <col class="col-metric" />
                  <col class="col-target" />
                  <col class="col-tolerance" />
                  <col class="col-owner" />
                </colgroup>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Standard</th>
                    <th scope="col">Metric</th>
                    <th scope="col" class="num">
                      Target
                    </th>
                    <th scope="col" class="num">
                      Tolerance
                    </th>
                    <th scope="col">Owner</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={group.rows}>
                    {(s) => (
                      <tr classList={{ archived: !!s.archived_at }}>
                        <td class="code">{s.code}</td>
                        <th scope="row">
                          <A href={`/standards/${s.id}`}>{s.title}</A>
                          <Show when={s.archived_at}>
                            <span class="tag">Archived</span>
                          </Show>
                        </th>
                        <td>{metricLabel(s.metric)}</td>
                        <td class="num">{formatTarget(s.metric, { target: s.target, tolerance: s.tolerance, direction: s.direction as 'higher' | 'lower' })}</td>
                        <td class="num">{formatTolerance(s.metric, s.tolerance)}</td>
                        <td>{s.owner || '—'}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </section>
        )}
      </For>
    </Show>
  )
}
