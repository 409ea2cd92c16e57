import { createSignal, For, Match, Show, Switch } from 'solid-js'
import type { TChoiceQuestion, TQuestion } from '../../../../shared/survey/definition.ts'
import { SCALES } from '../../../../shared/survey/scales.ts'
import { CheckboxField, SelectField, sentence, TextField } from '../fields.tsx'
import { ChoiceActions, moveChoice } from './choice-actions.tsx'
import { freshChoiceId } from './model.ts'

/** The id of a question's field element, so errors and the summary can point at it. */
export const fieldId = (questionId: string, field: string) => `q-${questionId}-${field.replace(/\./g, '-')}`

type Patch = (patch: Record<string, unknown>) => void

const numberText = (n: number | undefined) => (n === undefined ? '' : String(n))
const parseOptional = (s: string): number | undefined => {
  if (s.trim() === '') return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** The fields that only some question types have: scale labels, rating points, choices, bounds, length. */
export function TypeFields(props: { question: TQuestion; error: (field: string) => string | undefined; onPatch: Patch }) {
  const q = () => props.question
  const id = (field: string) => fieldId(q().id, field)
  const labels = (lowHint: string, highHint: string) => (
    <div class="field-row">
      <TextField id={id('lowLabel')} label="Label of the lowest answer" value={(q() as { lowLabel: string }).lowLabel} onInput={(v) => props.onPatch({ lowLabel: v })} error={props.error('lowLabel')} hint={lowHint} maxLength={80} />
      <TextField id={id('highLabel')} label="Label of the highest answer" value={(q() as { highLabel: string }).highLabel} onInput={(v) => props.onPatch({ highLabel: v })} error={props.error('highLabel')} hint={highHint} maxLength={80} />
    </div>
  )
  return (
    <Switch>
      <Match when={q().type === 'nps' || q().type === 'csat' || q().type === 'ces'}>
        {labels(`Answer ${SCALES[q().type as 'nps'].min}. Default: ${SCALES[q().type as 'nps'].low}.`, `Answer ${SCALES[q().type as 'nps'].max}. Default: ${SCALES[q().type as 'nps'].high}.`)}
      </Match>
      <Match when={q().type === 'rating' && (q() as Extract<TQuestion, { type: 'rating' }>)}>
        {(r) => (
          <>
            <div class="field-row">
              <SelectField
                id={id('points')}
                label="Points on the scale"
                value={String(r().points)}
                onChange={(v) => props.onPatch({ points: Number(v) })}
                options={[3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ value: String(n), label: `${n} points (1–${n})` }))}
                error={props.error('points')}
              />
              <SelectField
                id={id('style')}
                label="Shown as"
                value={r().style}
                onChange={(v) => props.onPatch({ style: v })}
                options={[
                  { value: 'stars', label: 'Stars' },
                  { value: 'numbers', label: 'Numbers' },
                ]}
                error={props.error('style')}
              />
            </div>
            {labels('Optional, e.g. Poor.', 'Optional, e.g. Excellent.')}
          </>
        )}
      </Match>
      <Match when={(q().type === 'single_choice' || q().type === 'multiple_choice') && (q() as TChoiceQuestion)}>
        {(c) => <ChoicesEditor question={c()} error={props.error} onPatch={props.onPatch} />}
      </Match>
      <Match when={q().type === 'short_text' || q().type === 'comment'}>
        <TextField
          id={id('maxLength')}
          class="field-narrow"
          label="Longest answer (characters)"
          type="number"
          inputMode="numeric"
          min="1"
          max={q().type === 'comment' ? '5000' : '300'}
          value={numberText((q() as { maxLength: number }).maxLength)}
          onInput={(v) => props.onPatch({ maxLength: parseOptional(v) ?? (q().type === 'comment' ? 5000 : 300) })}
          error={props.error('maxLength')}
          hint={q().type === 'comment' ? 'Up to 5000.' : 'Up to 300.'}
        />
      </Match>
      <Match when={q().type === 'number' && (q() as Extract<TQuestion, { type: 'number' }>)}>
        {(n) => (
          <>
            <div class="field-row">
              <TextField id={id('min')} label="Smallest answer allowed" type="number" value={numberText(n().min)} onInput={(v) => props.onPatch({ min: parseOptional(v) })} error={props.error('min')} hint="Optional." />
              <TextField id={id('max')} label="Largest answer allowed" type="number" value={numberText(n().max)} onInput={(v) => props.onPatch({ max: parseOptional(v) })} error={props.error('max')} hint="Optional." />
            </div>
            <CheckboxField label="Whole numbers only" checked={n().integer} onChange={(on) => props.onPatch({ integer: on })} />
          </>
        )}
      </Match>
      <Match when={q().type === 'date' && (q() as Extract<TQuestion, { type: 'date' }>)}>
        {(d) => (
          <div class="field-row">
            <TextField id={id('min')} label="Earliest date allowed" type="date" value={d().min ?? ''} onInput={(v) => props.onPatch({ min: v || undefined })} error={props.error('min')} hint="Optional." />
            <TextField id={id('max')} label="Latest date allowed" type="date" value={d().max ?? ''} onInput={(v) => props.onPatch({ max: v || undefined })} error={props.error('max')} hint="Optional." />
          </div>
        )}
      </Match>
    </Switch>
  )
}

/** Add, edit, reorder and delete a question's choices; the Other answer; how many may be chosen. */
function ChoicesEditor(props: { question: TChoiceQuestion; error: (field: string) => string | undefined; onPatch: Patch }) {
  const q = () => props.question
  const id = (field: string) => fieldId(q().id, field)
  const [status, setStatus] = createSignal('')
  const setChoices = (choices: TChoiceQuestion['choices']) => props.onPatch({ choices })
  const add = () => {
    const choice = { id: freshChoiceId(q()), label: `Choice ${q().choices.length + 1}` }
    setChoices([...q().choices, choice])
    setStatus(`Choice ${q().choices.length} added.`)
    queueMicrotask(() => {
      const el = document.getElementById(id(`choices.${q().choices.length - 1}.label`)) as HTMLInputElement | null
      el?.focus()
      el?.select()
    })
  }
  const move = (k: number, delta: -1 | 1) => moveChoice({ choices: q().choices, index: k, delta, rowId: (to) => id(`choices.${to}`), set: setChoices, announce: setStatus })
  const remove = (k: number) => {
    const label = q().choices[k]?.label
    setChoices(q().choices.filter((_, i) => i !== k))
    setStatus(`Choice “${label}” deleted.`)
    queueMicrotask(() => document.getElementById(q().choices.length ? id(`choices.${Math.min(k, q().choices.length - 1)}.label`) : id('choices-add'))?.focus())
  }
  const multiple = () => (q().type === 'multiple_choice' ? (q() as Extract<TChoiceQuestion, { type: 'multiple_choice' }>) : null)

  return (
    <fieldset class="choices-editor">
      <legend>Choices</legend>
      <ol class="choice-list">
        <For each={q().choices}>
          {(choice, k) => (
            <li class="choice-row">
              <div class="field inline" classList={{ 'field-invalid': !!(props.error(`choices.${k()}.label`) || props.error(`choices.${k()}.id`)) }}>
                <label for={id(`choices.${k()}.label`)}>Choice {k() + 1}</label>
                <input
                  id={id(`choices.${k()}.label`)}
                  type="text"
                  value={choice.label}
                  maxLength={200}
                  onInput={(e) => setChoices(q().choices.map((c, i) => (i === k() ? { ...c, label: e.currentTarget.value } : c)))}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault()
                      add()
                    }
                  }}
                  aria-invalid={props.error(`choices.${k()}.label`) ? 'true' : undefined}
                  aria-describedby={`${id(`choices.${k()}`)}-meta`}
                />
                <p class="hint" id={`${id(`choices.${k()}`)}-meta`}>
                  id: <span class="code">{choice.id}</span>
                  <Show when={props.error(`choices.${k()}.label`) ?? props.error(`choices.${k()}.id`)}>{(m) => <span class="field-error block">{sentence(`Choice ${k() + 1}`, m())}</span>}</Show>
                </p>
              </div>
              <ChoiceActions rowId={id(`choices.${k()}`)} index={k()} count={q().choices.length} canDelete={q().choices.length !== 1} onMove={(delta) => move(k(), delta)} onDelete={() => remove(k())} />
            </li>
          )}
        </For>
      </ol>
      <Show when={props.error('choices')}>
        <p class="field-error" id={id('choices')} tabindex="-1">
          {sentence('The question', props.error('choices')!)}
        </p>
      </Show>
      <p class="hint">Press Enter in a choice to add the next one.</p>
      <button type="button" class="button small" id={id('choices-add')} onClick={add} disabled={q().choices.length >= 50}>
        Add a choice
      </button>
      <div class="sr-only" role="status" aria-live="polite">
        {status()}
      </div>
      <div class="other-choice">
        <CheckboxField label="Offer “Other” with a text box" checked={q().allowOther} onChange={(on) => props.onPatch({ allowOther: on })} />
        <Show when={q().allowOther}>
          <TextField id={id('otherLabel')} label="Label of Other" value={q().otherLabel} onInput={(v) => props.onPatch({ otherLabel: v })} error={props.error('otherLabel')} maxLength={80} />
        </Show>
      </div>
      <Show when={multiple()}>
        {(m) => (
          <div class="field-row">
            <TextField
              id={id('minSelected')}
              label="Fewest choices to pick"
              type="number"
              inputMode="numeric"
              min="0"
              value={numberText(m().minSelected)}
              onInput={(v) => props.onPatch({ minSelected: parseOptional(v) })}
              error={props.error('minSelected')}
              hint="Optional."
            />
            <TextField
              id={id('maxSelected')}
              label="Most choices to pick"
              type="number"
              inputMode="numeric"
              min="1"
              value={numberText(m().maxSelected)}
              onInput={(v) => props.onPatch({ maxSelected: parseOptional(v) })}
              error={props.error('maxSelected')}
              hint="Optional."
            />
          </div>
        )}
      </Show>
    </fieldset>
  )
}

/** A question's or page's id: editable, checked when committed (on Enter or leaving the field). */
export function IdField(props: { id: string; label: string; value: string; hint: string; error?: string; check: (next: string) => string | null; onCommit: (next: string) => void }) {
  const [draft, setDraft] = createSignal(props.value)
  const [problem, setProblem] = createSignal<string | null>(null)
  const commit = () => {
    const next = draft().trim()
    const p = props.check(next)
    setProblem(p)
    if (!p && next !== props.value) props.onCommit(next)
  }
  return (
    <div class="field field-id" classList={{ 'field-invalid': !!(problem() || props.error) }}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        class="code-input"
        value={props.value}
        spellcheck={false}
        autocomplete="off"
        maxLength={40}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            commit()
          }
        }}
        aria-invalid={problem() || props.error ? 'true' : undefined}
        aria-describedby={`${props.id}-hint${problem() || props.error ? ` ${props.id}-error` : ''}`}
      />
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <Show when={problem() ?? props.error}>
        {(m) => (
          <p class="field-error" id={`${props.id}-error`}>
            {sentence('The id', m())}
          </p>
        )}
      </Show>
    </div>
  )
}
