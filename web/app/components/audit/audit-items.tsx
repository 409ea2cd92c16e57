import { createSignal, For, Show } from 'solid-js'
import { formatPercent, type ItemScore } from '../../../../shared/audit/scoring.ts'
import type { TAuditAnswer, TAuditItem } from '../../../../shared/audit/template.ts'
import { AnswerEditor } from './answer-editor.tsx'
import { formatSeconds } from './badges.tsx'
import { PhotoGallery } from './photo-gallery.tsx'
import type { AuditDetail } from './types.ts'

/** Every section and item of the audit with the shopper's answer, its result and (for reviewers) an editor. */
export function AuditItems(props: { detail: AuditDetail; canEdit: boolean; onEdited: (next: AuditDetail) => void }) {
  const itemScores = () => new Map(props.detail.score.items.map((s) => [s.itemId, s]))
  const sectionScores = () => new Map(props.detail.score.sections.map((s) => [s.sectionId, s]))
  return (
    <For each={props.detail.definition.sections}>
      {(section) => (
        <section class="card audit-section" aria-labelledby={`section-${section.id}`}>
          <div class="audit-section-head">
            <h2 id={`section-${section.id}`}>{section.title}</h2>
            <Show when={sectionScores().get(section.id)}>
              {(s) => (
                <p class="audit-section-score">
                  <strong>{formatPercent(s().percent)}</strong>{' '}
                  <span class="muted">
                    ({fmt(s().earned)} of {fmt(s().possible)} points)
                  </span>
                </p>
              )}
            </Show>
          </div>
          <ol class="audit-items">
            <For each={section.items}>
              {(item) => (
                <AuditItemRow
                  item={item}
                  answer={props.detail.assignment.answers[item.id]}
                  score={itemScores().get(item.id)}
                  photos={props.detail.photos.filter((p) => p.itemId === item.id)}
                  assignmentId={props.detail.assignment.id}
                  canEdit={props.canEdit}
                  onEdited={props.onEdited}
                />
              )}
            </For>
          </ol>
        </section>
      )}
    </For>
  )
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

function AuditItemRow(props: {
  item: TAuditItem
  answer: TAuditAnswer | undefined
  score: ItemScore | undefined
  photos: AuditDetail['photos']
  assignmentId: string
  canEdit: boolean
  onEdited: (next: AuditDetail) => void
}) {
  const [editing, setEditing] = createSignal(false)
  let editButton: HTMLButtonElement | undefined
  const stop = () => {
    setEditing(false)
    queueMicrotask(() => editButton?.focus())
  }
  return (
    <li class="audit-item" classList={{ 'audit-item-failed': props.score?.passed === false }} data-item-id={props.item.id}>
      <div class="audit-item-head">
        <h3 class="audit-item-label">{props.item.label}</h3>
        <div class="audit-item-marks">
          <Show when={props.item.critical}>
            <span class="tag tag-critical">Critical</span>
          </Show>
          <ItemResult score={props.score} />
        </div>
      </div>
      <div class="audit-answer">
        <AnswerValue item={props.item} answer={props.answer} photos={props.photos} />
      </div>
      <Show when={props.score?.applicable && props.score.possible > 0}>
        <p class="hint">
          {fmt(props.score!.earned)} of {fmt(props.score!.possible)} points
          <Show when={props.item.weight !== 1}> (weight {props.item.weight})</Show>
        </p>
      </Show>
      <Show when={props.answer?.note}>
        <p class="audit-note">
          <span class="audit-note-label">Shopper’s note:</span> {props.answer!.note}
        </p>
      </Show>
      <Show when={props.canEdit && props.item.type !== 'photo'}>
        <Show
          when={editing()}
          fallback={
            <button type="button" ref={editButton} class="button small" aria-label={`Edit answer: ${props.item.label}`} onClick={() => setEditing(true)}>
              Edit answer
            </button>
          }
        >
          <AnswerEditor
            item={props.item}
            answer={props.answer}
            assignmentId={props.assignmentId}
            onSaved={(next) => {
              props.onEdited(next)
              stop()
            }}
            onCancel={stop}
          />
        </Show>
      </Show>
    </li>
  )
}

function ItemResult(props: { score: ItemScore | undefined }) {
  return (
    <Show when={props.score}>
      {(s) => (
        <Show when={s().na && !s().applicable} fallback={
          <Show when={s().passed !== null}>
            <span class={`badge ${s().passed ? 'badge-green' : 'badge-red'}`}>
              <span aria-hidden="true" class="badge-symbol">
                {s().passed ? '✓' : '✗'}
              </span>
              {s().passed ? 'Passed' : s().criticalFailed ? 'Failed (critical)' : 'Failed'}
            </span>
          </Show>
        }>
          <span class="tag">N/A</span>
        </Show>
      )}
    </Show>
  )
}

/** The answer as the shopper gave it, in the item's own terms. */
export function AnswerValue(props: { item: TAuditItem; answer: TAuditAnswer | undefined; photos: AuditDetail['photos'] }) {
  const v = () => props.answer?.value
  const item = props.item
  return (
    <Show when={!props.answer?.na} fallback={<p>Not applicable</p>}>
      {(() => {
        switch (item.type) {
          case 'yes_no':
            return <p>{v() === true ? 'Yes' : v() === false ? 'No' : <NotAnswered />}</p>
          case 'scale':
            return (
              <Show when={typeof v() === 'number'} fallback={<NotAnswered />}>
                <p>
                  <strong>{v() as number}</strong> of {item.max}
                  <Show when={item.lowLabel || item.highLabel}>
                    <span class="muted">
                      {' '}
                      (0 = {item.lowLabel || 'lowest'}, {item.max} = {item.highLabel || 'highest'})
                    </span>
                  </Show>
                  <span class="muted"> · passes at {item.passAt ?? item.max}</span>
                </p>
              </Show>
            )
          case 'timing':
            return (
              <Show when={typeof v() === 'number'} fallback={<NotAnswered />}>
                <p>
                  <strong>{formatSeconds(v() as number)}</strong> <span class="muted">against {formatSeconds(item.thresholdSeconds)} at most</span>
                </p>
              </Show>
            )
          case 'number':
            return (
              <Show when={typeof v() === 'number'} fallback={<NotAnswered />}>
                <p>
                  <strong>{v() as number}</strong>
                  {item.unit ? ` ${item.unit}` : ''}
                  <Show when={item.target}>
                    {(t) => (
                      <span class="muted">
                        {' '}
                        · target {t().op === 'at_most' ? 'at most' : 'at least'} {t().value}
                        {item.unit ? ` ${item.unit}` : ''}
                      </span>
                    )}
                  </Show>
                </p>
              </Show>
            )
          case 'choice': {
            const choice = () => item.choices.find((c) => c.id === v())
            return (
              <Show when={choice()} fallback={<NotAnswered />}>
                {(c) => (
                  <p>
                    <strong>{c().label}</strong> <span class="muted">({c().points} {c().points === 1 ? 'point' : 'points'})</span>
                  </p>
                )}
              </Show>
            )
          }
          case 'text':
            return (
              <Show when={typeof v() === 'string' && (v() as string).trim()} fallback={<NotAnswered />}>
                <blockquote class="audit-narrative">{v() as string}</blockquote>
              </Show>
            )
          case 'photo':
            return (
              <Show when={props.photos.length > 0} fallback={<NotAnswered text="No photo" />}>
                <PhotoGallery photos={props.photos} itemLabel={item.label} />
              </Show>
            )
        }
      })()}
    </Show>
  )
}

function NotAnswered(props: { text?: string }) {
  return <span class="muted">{props.text ?? 'Not answered'}</span>
}
