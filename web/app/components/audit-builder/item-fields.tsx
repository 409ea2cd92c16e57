import { A } from '@solidjs/router'
import { createSignal, For, Index, Match, Show, Switch } from 'solid-js'
import { AUDIT_ITEM_LABELS, type TAuditItem } from '../../../../shared/audit/template.ts'
import { itemMax } from '../../../../shared/audit/scoring.ts'
import type { StandardRow } from '../../lib/api.ts'
import { CheckboxField, SelectField, sentence, TextAreaField, TextField } from '../fields.tsx'
import { ChoiceActions, moveChoice } from '../builder/choice-actions.tsx'
import { IdField } from '../builder/question-fields.tsx'
import { itemFieldId } from './issues.ts'
import { freshChoiceId, formatPoints, formatSeconds, standardSeconds } from './model.ts'

type Patch = (patch: Record<string, unknown>) => void
type FieldError = (field: string) => string | undefined
type ChoiceItem = Extract<TAuditItem, { type: 'choice' }>

const numberText = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : String(n))
/** '' is "not set"; anything else that is not a number stays NaN so the check can name it. */
const parseNumber = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s))

/** A number input that may be left empty (optional numbers) and reports what was typed. */
export function NumberField(props: {
  id: string
  label: string
  value: number | undefined
  onChange: (value: number | undefined) => void
  error?: string
  hint?: string
  min?: number
  max?: number
  step?: string
  class?: string
}) {
  return (
    <TextField
      id={props.id}
      class={props.class}
      label={props.label}
      type="number"
      inputMode={props.step === '1' ? 'numeric' : 'decimal'}
      step={props.step ?? 'any'}
      min={props.min === undefined ? undefined : String(props.min)}
      max={props.max === undefined ? undefined : String(props.max)}
      value={numberText(props.value)}
      onInput={(v) => props.onChange(parseNumber(v))}
      error={props.error}
      hint={props.hint}
    />
  )
}

/** What an item is worth, in words, next to its weight. */
function pointsHint(item: TAuditItem): string {
  const max = itemMax(item)
  if (max === 0) {
    if (item.type === 'text' || item.type === 'photo') return 'Never scored: the weight has no effect.'
    if (item.type === 'number') return 'Not scored until it has a target.'
    return 'Not scored: every choice is worth 0 points.'
  }
  const weight = Number.isFinite(item.weight) ? item.weight : 0
  return `${formatPoints(max)} ${max === 1 ? 'point' : 'points'} × weight ${formatPoints(weight)} = up to ${formatPoints(max * weight)} in the score. 0 makes it count for nothing.`
}

export interface ItemCardProps {
  item: TAuditItem
  /** "1.2": section and position, as the summary and the shopper's form number it. */
  number: string
  canWrite: boolean
  standards: StandardRow[]
  /** The published version has an item with this id. */
  live: boolean
  /** The id still follows the label (a new item whose id nobody has typed). */
  autoId: boolean
  error: FieldError
  idProblem: (next: string) => string | null
  onPatch: Patch
  onLabel: (label: string) => void
  onRename: (to: string) => void
  onToggleStandard: (standardId: string, on: boolean) => void
}

/** Every field of one audit item: the common ones, the type's own, standard links and the id. */
export function ItemFields(props: ItemCardProps) {
  const item = () => props.item
  const id = (field: string) => itemFieldId(item(), field)
  const scored = () => itemMax(item()) > 0
  const criticalHint = () => {
    if (item().type === 'number' && !(item() as Extract<TAuditItem, { type: 'number' }>).target) return 'Give the number a target first: only a scored item can be critical.'
    return 'Failing it makes the visit a critical fail, whatever the percentage (the percentage is kept).'
  }
  return (
    <fieldset disabled={!props.canWrite}>
      <legend class="question-legend">
        <span class="question-number">Item {props.number}</span>
        <span class="question-type">{AUDIT_ITEM_LABELS[item().type]}</span>
        <span class="question-id">id: {item().id}</span>
        <Show when={item().critical}>
          <span class="tag tag-critical">Critical</span>
        </Show>
      </legend>
      <TextAreaField id={id('label')} label="What the shopper checks" value={item().label} onInput={props.onLabel} error={props.error('label')} rows={2} maxLength={300} />
      <TextAreaField
        id={id('guidance')}
        label="Guidance for the shopper"
        value={item().guidance}
        onInput={(v) => props.onPatch({ guidance: v })}
        error={props.error('guidance')}
        hint="Optional: what to look for and how to judge it."
        rows={2}
        maxLength={1000}
      />
      <TypeFields item={item()} error={props.error} onPatch={props.onPatch} standards={props.standards} />
      <div class="field-row">
        <NumberField
          id={id('weight')}
          class="field-narrow"
          label="Weight"
          value={item().weight}
          min={0}
          max={100}
          onChange={(v) => props.onPatch({ weight: v })}
          error={props.error('weight')}
          hint={pointsHint(item())}
        />
      </div>
      <div class="audit-flags">
        <Show when={item().type !== 'text' && item().type !== 'photo'} fallback={<Show when={item().critical}><CheckboxField id={id('critical')} label="Critical item" checked onChange={(on) => props.onPatch({ critical: on })} error={props.error('critical')} /></Show>}>
          <CheckboxField
            id={id('critical')}
            label="Critical item"
            checked={item().critical}
            onChange={(on) => props.onPatch({ critical: on })}
            hint={criticalHint()}
            error={props.error('critical')}
            disabled={!scored() && !item().critical}
          />
        </Show>
        <CheckboxField
          id={id('required')}
          label={item().type === 'photo' ? 'Required (at least one photo)' : 'Answer required'}
          checked={item().required}
          onChange={(on) => props.onPatch({ required: on })}
          hint="The shopper cannot submit the audit without it."
          error={props.error('required')}
        />
        <CheckboxField
          id={id('naAllowed')}
          label="Shopper may answer “not applicable”"
          checked={item().naAllowed}
          onChange={(on) => props.onPatch({ naAllowed: on })}
          hint="For a check that cannot apply at every visit, e.g. no fitting rooms at this branch."
          error={props.error('naAllowed')}
        />
      </div>
      <StandardLinks item={item()} standards={props.standards} error={props.error('standardIds') ?? item().standardIds.map((_, k) => props.error(`standardIds.${k}`)).find(Boolean)} onToggle={props.onToggleStandard} onPatch={props.onPatch} />
      <IdField
        id={id('iid')}
        label="Item id"
        value={item().id}
        hint={
          props.live
            ? 'The published version has this id: its results and those of later versions are counted as one item. Changing it starts a new item in the results.'
            : props.autoId
              ? 'Made from the label as you type it, until you change it yourself. Results of the same id are counted as one item across versions.'
              : 'Results of the same id are counted as one item across versions, so keep it when you only reword the item.'
        }
        error={props.error('id')}
        check={props.idProblem}
        onCommit={props.onRename}
      />
    </fieldset>
  )
}

/** The fields only some item types have. */
function TypeFields(props: { item: TAuditItem; error: FieldError; onPatch: Patch; standards: StandardRow[] }) {
  const item = () => props.item
  const id = (field: string) => itemFieldId(item(), field)
  return (
    <Switch>
      <Match when={item().type === 'scale' && (item() as Extract<TAuditItem, { type: 'scale' }>)}>
        {(s) => (
          <>
            <div class="field-row">
              <SelectField
                id={id('max')}
                label="Points on the scale"
                value={String(s().max)}
                onChange={(v) => {
                  const max = Number(v)
                  props.onPatch({ max, passAt: s().passAt !== undefined && s().passAt! > max ? max : s().passAt })
                }}
                options={[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ value: String(n), label: `0 to ${n}` }))}
                error={props.error('max')}
              />
              <SelectField
                id={id('passAt')}
                label="Passes at"
                value={s().passAt === undefined ? '' : String(s().passAt)}
                onChange={(v) => props.onPatch({ passAt: v === '' ? undefined : Number(v) })}
                options={[
                  { value: '', label: `Only the top point (${s().max})` },
                  ...Array.from({ length: s().max + 1 }, (_, n) => ({ value: String(n), label: `${n} or more` })).filter((o) => Number(o.value) <= s().max),
                ]}
                error={props.error('passAt')}
                hint="Compliance with linked standards counts a pass at this point or above."
              />
            </div>
            <div class="field-row">
              <TextField id={id('lowLabel')} label="Label of the lowest point (0)" value={s().lowLabel} onInput={(v) => props.onPatch({ lowLabel: v })} error={props.error('lowLabel')} hint="Optional, e.g. Not at all." maxLength={80} />
              <TextField id={id('highLabel')} label={`Label of the highest point (${s().max})`} value={s().highLabel} onInput={(v) => props.onPatch({ highLabel: v })} error={props.error('highLabel')} hint="Optional, e.g. Extremely." maxLength={80} />
            </div>
          </>
        )}
      </Match>
      <Match when={item().type === 'timing' && (item() as Extract<TAuditItem, { type: 'timing' }>)}>
        {(t) => (
          <div class="field-row">
            <NumberField
              id={id('thresholdSeconds')}
              class="field-narrow"
              label="Threshold (seconds)"
              step="1"
              min={1}
              max={86_400}
              value={t().thresholdSeconds}
              onChange={(v) => props.onPatch({ thresholdSeconds: v })}
              error={props.error('thresholdSeconds')}
              hint={
                Number.isFinite(t().thresholdSeconds) && t().thresholdSeconds > 0
                  ? `Passes when the stopwatch reads ${formatSeconds(t().thresholdSeconds)} or less.`
                  : 'The item passes when the measured time is at or under this.'
              }
            />
          </div>
        )}
      </Match>
      <Match when={item().type === 'number' && (item() as Extract<TAuditItem, { type: 'number' }>)}>
        {(n) => (
          <>
            <div class="field-row thirds">
              <TextField id={id('unit')} label="Unit" value={n().unit} onInput={(v) => props.onPatch({ unit: v })} error={props.error('unit')} hint="Optional, e.g. tills, °C." maxLength={20} />
              <NumberField id={id('min')} label="Smallest value allowed" value={n().min} onChange={(v) => props.onPatch({ min: v })} error={props.error('min')} hint="Optional." />
              <NumberField id={id('max')} label="Largest value allowed" value={n().max} onChange={(v) => props.onPatch({ max: v })} error={props.error('max')} hint="Optional." />
            </div>
            <div class="field-row">
              <SelectField
                id={id('target.op')}
                label="Target"
                value={n().target?.op ?? ''}
                onChange={(v) => props.onPatch({ target: v === '' ? undefined : { op: v, value: n().target?.value ?? 0 }, ...(v === '' && n().critical ? { critical: false } : {}) })}
                options={[
                  { value: '', label: 'None: recorded, not scored' },
                  { value: 'at_least', label: 'At least' },
                  { value: 'at_most', label: 'At most' },
                ]}
                error={props.error('target.op') ?? props.error('target')}
                hint="With a target the item passes (1 point of 1) when the value meets it."
              />
              <Show when={n().target}>
                {(target) => (
                  <NumberField
                    id={id('target.value')}
                    label={`Target value${n().unit ? ` (${n().unit})` : ''}`}
                    value={target().value}
                    onChange={(v) => props.onPatch({ target: { op: target().op, value: v } })}
                    error={props.error('target.value')}
                  />
                )}
              </Show>
            </div>
          </>
        )}
      </Match>
      <Match when={item().type === 'choice' && (item() as ChoiceItem)}>{(c) => <ChoicesEditor item={c()} error={props.error} onPatch={props.onPatch} />}</Match>
      <Match when={item().type === 'text' && (item() as Extract<TAuditItem, { type: 'text' }>)}>
        {(t) => (
          <div class="field-row">
            <NumberField
              id={id('maxLength')}
              class="field-narrow"
              label="Longest narrative (characters)"
              step="1"
              min={1}
              max={10_000}
              value={t().maxLength}
              onChange={(v) => props.onPatch({ maxLength: v })}
              error={props.error('maxLength')}
              hint="Up to 10,000. Narratives are never scored."
            />
          </div>
        )}
      </Match>
      <Match when={item().type === 'photo' && (item() as Extract<TAuditItem, { type: 'photo' }>)}>
        {(p) => (
          <div class="field-row">
            <SelectField
              id={id('maxPhotos')}
              label="Most photos"
              value={String(p().maxPhotos)}
              onChange={(v) => props.onPatch({ maxPhotos: Number(v) })}
              options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
              error={props.error('maxPhotos')}
              hint="Photos are evidence for the reviewer and never scored."
            />
          </div>
        )}
      </Match>
    </Switch>
  )
}

/** A choice item's answers with the points each earns; the largest is the item's maximum. */
function ChoicesEditor(props: { item: ChoiceItem; error: FieldError; onPatch: Patch }) {
  const item = () => props.item
  const id = (field: string) => itemFieldId(item(), field)
  const [status, setStatus] = createSignal('')
  const setChoices = (choices: ChoiceItem['choices']) => props.onPatch({ choices })
  const add = () => {
    const label = `Choice ${item().choices.length + 1}`
    setChoices([...item().choices, { id: freshChoiceId(item(), label), label, points: 0 }])
    setStatus(`Choice ${item().choices.length} added.`)
    queueMicrotask(() => {
      const el = document.getElementById(id(`choices.${item().choices.length - 1}.label`)) as HTMLInputElement | null
      el?.focus()
      el?.select()
    })
  }
  const move = (k: number, delta: -1 | 1) => moveChoice({ choices: item().choices, index: k, delta, rowId: (to) => id(`choices.${to}`), set: setChoices, announce: setStatus })
  const remove = (k: number) => {
    const label = item().choices[k]?.label
    setChoices(item().choices.filter((_, i) => i !== k))
    setStatus(`Choice “${label}” deleted.`)
    queueMicrotask(() => document.getElementById(id(`choices.${Math.min(k, item().choices.length - 1)}.label`))?.focus())
  }
  const patchChoice = (k: number, patch: Partial<ChoiceItem['choices'][number]>) => setChoices(item().choices.map((c, i) => (i === k ? { ...c, ...patch } : c)))
  return (
    <fieldset class="choices-editor">
      <legend>Choices and their points</legend>
      <ol class="choice-list">
        <Index each={item().choices}>
          {(choice, k) => {
            const labelError = () => props.error(`choices.${k}.label`) ?? props.error(`choices.${k}.id`)
            return (
              <li class="choice-row audit-choice-row">
                <div class="field inline" classList={{ 'field-invalid': !!labelError() }}>
                  <label for={id(`choices.${k}.label`)}>Choice {k + 1}</label>
                  <input
                    id={id(`choices.${k}.label`)}
                    type="text"
                    value={choice().label}
                    maxLength={200}
                    onInput={(e) => patchChoice(k, { label: e.currentTarget.value })}
                    aria-invalid={labelError() ? 'true' : undefined}
                    aria-describedby={`${id(`choices.${k}`)}-meta`}
                  />
                  <p class="hint" id={`${id(`choices.${k}`)}-meta`}>
                    id: <span class="code">{choice().id}</span>
                    <Show when={labelError()}>{(m) => <span class="field-error block">{sentence(`Choice ${k + 1}`, m())}</span>}</Show>
                  </p>
                </div>
                <div class="field inline audit-points" classList={{ 'field-invalid': !!props.error(`choices.${k}.points`) }}>
                  <label for={id(`choices.${k}.points`)}>
                    Points<span class="sr-only"> for choice {k + 1}</span>
                  </label>
                  <input
                    id={id(`choices.${k}.points`)}
                    type="number"
                    inputMode="decimal"
                    step="any"
                    min="0"
                    max="100"
                    value={numberText(choice().points)}
                    onInput={(e) => patchChoice(k, { points: parseNumber(e.currentTarget.value) as number })}
                    aria-invalid={props.error(`choices.${k}.points`) ? 'true' : undefined}
                    aria-describedby={props.error(`choices.${k}.points`) ? `${id(`choices.${k}.points`)}-error` : undefined}
                  />
                  <Show when={props.error(`choices.${k}.points`)}>
                    {(m) => (
                      <p class="field-error" id={`${id(`choices.${k}.points`)}-error`}>
                        {sentence(`Points for choice ${k + 1}`, m())}
                      </p>
                    )}
                  </Show>
                </div>
                <ChoiceActions rowId={id(`choices.${k}`)} index={k} count={item().choices.length} canDelete={item().choices.length > 2} onMove={(delta) => move(k, delta)} onDelete={() => remove(k)} />
              </li>
            )
          }}
        </Index>
      </ol>
      <Show when={props.error('choices')}>
        <p class="field-error" id={id('choices')} tabindex="-1">
          {sentence('The item', props.error('choices')!)}
        </p>
      </Show>
      <p class="hint">The choice with the most points is the item's maximum and counts as a pass. When every choice is worth 0 the item is recorded but not scored.</p>
      <button type="button" class="button small" id={id('choices-add')} onClick={add} disabled={item().choices.length >= 30}>
        Add a choice
      </button>
      <div class="sr-only" role="status" aria-live="polite">
        {status()}
      </div>
    </fieldset>
  )
}

/**
 * The standards an item gives evidence for. Timing items are steered to timing standards, and can
 * take their threshold from the time a linked timing standard states.
 */
function StandardLinks(props: { item: TAuditItem; standards: StandardRow[]; error?: string; onToggle: (id: string, on: boolean) => void; onPatch: Patch }) {
  const id = () => itemFieldId(props.item, 'standards')
  const visible = () => props.standards.filter((s) => !s.archived_at || props.item.standardIds.includes(s.id))
  const isTiming = () => props.item.type === 'timing'
  const suggested = () => (isTiming() ? visible().filter((s) => s.metric === 'timing') : [])
  const others = () => (isTiming() ? visible().filter((s) => s.metric !== 'timing') : visible())
  const linkedTiming = () => (isTiming() ? props.standards.filter((s) => s.metric === 'timing' && props.item.standardIds.includes(s.id)) : [])
  const threshold = () => (props.item.type === 'timing' ? props.item.thresholdSeconds : undefined)
  const box = (s: StandardRow) => (
    <li>
      <CheckboxField
        id={`${id()}-${s.id}`}
        label={`${s.code} — ${s.title}${s.archived_at ? ' (archived)' : ''}`}
        checked={props.item.standardIds.includes(s.id)}
        onChange={(on) => props.onToggle(s.id, on)}
      />
    </li>
  )
  return (
    <fieldset class="standard-links" id={id()} tabindex="-1" aria-describedby={props.error ? `${id()}-error` : undefined}>
      <legend>Gives evidence for these standards</legend>
      <Show when={visible().length > 0} fallback={<p class="hint">There are no standards yet. <A href="/standards/new">Create a standard</A> to link it.</p>}>
        <Show when={isTiming()}>
          <Show when={suggested().length > 0} fallback={<p class="hint">Suggested: a standard measured by timing. None exists yet.</p>}>
            <p class="hint">Suggested for a timing item: standards measured by timing.</p>
            <ul class="checkbox-list">
              <For each={suggested()}>{box}</For>
            </ul>
          </Show>
          <Show when={others().length > 0}>
            <p class="hint">Other standards</p>
          </Show>
        </Show>
        <ul class="checkbox-list">
          <For each={others()}>{box}</For>
        </ul>
      </Show>
      <For each={linkedTiming()}>
        {(s) => {
          const seconds = () => standardSeconds(s)
          return (
            <Show
              when={seconds()}
              fallback={
                <p class="hint">
                  {s.code} states no time in its title or description; its target ({s.target}%) is the share of visits that should be within the threshold.
                </p>
              }
            >
              {(sec) => (
                <div class="audit-use-target">
                  <Show when={threshold() !== sec()} fallback={<p class="hint">The threshold matches {s.code}: {formatSeconds(sec())}.</p>}>
                    <button type="button" class="button small" onClick={() => props.onPatch({ thresholdSeconds: sec() })}>
                      Use the standard's target: {formatSeconds(sec())}
                      <span class="sr-only"> ({s.code})</span>
                    </button>
                    <p class="hint">Sets the threshold to {sec()} seconds, the time {s.code} sets. Its target of {s.target}% is the share of visits that should be within it.</p>
                  </Show>
                </div>
              )}
            </Show>
          )
        }}
      </For>
      <Show when={props.error}>
        <p class="field-error" id={`${id()}-error`}>
          {sentence('Linked standards', props.error!)}
        </p>
      </Show>
    </fieldset>
  )
}
