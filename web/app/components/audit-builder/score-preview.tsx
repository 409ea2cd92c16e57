import { createMemo, For, Show } from 'solid-js'
import type { TAuditItem, TAuditTemplateDefinition } from '../../../../shared/audit/template.ts'
import { formatPercent } from '../../../../shared/audit/scoring.ts'
import { itemFieldId } from './issues.ts'
import { formatPoints, templatePoints } from './model.ts'

/**
 * The most a visit can score, per section and overall (each item's maximum × its weight), and the
 * critical items, so the designer sees how the weights add up before any visit is made.
 */
export function ScorePreview(props: { def: TAuditTemplateDefinition; onFocusItem: (item: TAuditItem) => void }) {
  const points = createMemo(() => templatePoints(props.def))
  const share = (n: number) => (points().total > 0 ? formatPercent((n / points().total) * 100) : '–')
  const amberFrom = () => Math.max(0, props.def.settings.passTarget - props.def.settings.amberTolerance)
  return (
    <section class="card" aria-labelledby="score-preview-title">
      <h2 id="score-preview-title">Score preview</h2>
      <p class="hint">The most a visit can score when every item applies: each item's points × its weight. Items answered “not applicable” change this at the visit.</p>
      <div class="table-wrap">
        <table class="table audit-points-table">
          <caption class="sr-only">Maximum points per section</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col" class="num">
                Items
              </th>
              <th scope="col" class="num">
                Max points
              </th>
              <th scope="col" class="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={points().sections}>
              {(s, i) => (
                <tr>
                  <th scope="row">
                    {i() + 1}. {s.title || 'Untitled section'}
                  </th>
                  <td class="num">{s.items.length}</td>
                  <td class="num">{formatPoints(s.points)}</td>
                  <td class="num">{share(s.points)}</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Whole audit</th>
              <td class="num">{points().sections.reduce((n, s) => n + s.items.length, 0)}</td>
              <td class="num">
                <strong>{formatPoints(points().total)}</strong>
              </td>
              <td class="num">{points().total > 0 ? '100.0%' : '–'}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <Show when={points().total === 0}>
        <p class="notice" role="note">
          Nothing in this template is scored yet: add a yes/no, scale, timing or choice item, or give a number a target.
        </p>
      </Show>
      <Show when={points().unscored > 0}>
        <p class="hint">
          {points().unscored === 1 ? 'One item adds' : `${points().unscored} items add`} no points (narratives, photos, numbers without a target, weight 0): they are recorded for the reviewer.
        </p>
      </Show>
      <p class="hint">
        Pass at {formatPoints(props.def.settings.passTarget)}% or more; amber from {formatPoints(amberFrom())}%; below that a fail.
      </p>
      <h3>Critical items</h3>
      <Show when={points().critical.length > 0} fallback={<p class="hint">None. Mark an item critical when failing it must fail the whole visit.</p>}>
        <p class="hint">Failing any of these makes the visit a critical fail, whatever its percentage.</p>
        <ul class="audit-critical-list">
          <For each={points().critical}>
            {(c) => (
              <li>
                <a
                  href={`#${itemFieldId(c.item, 'label')}`}
                  onClick={(e) => {
                    e.preventDefault()
                    props.onFocusItem(c.item)
                  }}
                >
                  {c.item.label || c.item.id}
                </a>{' '}
                <span class="hint">({c.section || 'untitled section'})</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
