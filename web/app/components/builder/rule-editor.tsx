import { For, Show } from 'solid-js'
import type { TCondition, TQuestion, TRule } from '../../../../shared/survey/definition.ts'
import { numericBounds, OP_LABELS, OPS_BY_TYPE, type ConditionOp } from '../../../../shared/survey/logic.ts'
import { sentence } from '../fields.tsx'

/** A question that a rule may look at, with the number respondents see. */
export interface RuleTarget {
  question: TQuestion
  number: number
}

const PRESENCE: ConditionOp[] = ['answered', 'not_answered']

const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

function booleanLabel(q: TQuestion, v: boolean): string {
  if (q.type === 'consent') return v ? 'given' : 'not given'
  return v ? 'Yes' : 'No'
}

function valueLabel(q: TQuestion | undefined, v: TCondition['value']): string {
  if (v === undefined) return '…'
  if (!q) return String(v)
  if ((q.type === 'single_choice' || q.type === 'multiple_choice') && typeof v === 'string') {
    if (v === 'other') return `“${q.otherLabel || 'Other'}”`
    return `“${q.choices.find((c) => c.id === v)?.label ?? v}”`
  }
  if (typeof v === 'boolean') return booleanLabel(q, v)
  return String(v)
}

/**
 * The rule in plain words, e.g. "Shown only when question 1 (How satisfied…) is at most 2".
 * @example ruleSummary({join:'any', conditions:[…]}, targets) → "Shown only when any of: question 1 … is at most 2; question 3 … is No"
 */
export function ruleSummary(rule: TRule | undefined, targets: ReadonlyMap<string, RuleTarget>): string {
  if (!rule || rule.conditions.length === 0) return 'Always shown'
  const parts = rule.conditions.map((c) => {
    const t = targets.get(c.questionId)
    const who = t ? `question ${t.number} (${short(t.question.text, 40)})` : `question “${c.questionId}”`
    return `${who} ${OP_LABELS[c.op]}${PRESENCE.includes(c.op) ? '' : ` ${valueLabel(t?.question, c.value)}`}`
  })
  if (parts.length === 1) return `Shown only when ${parts[0]}`
  return `Shown only when ${rule.join === 'all' ? 'all' : 'any'} of: ${parts.join('; ')}`
}

/** The value a condition starts with for a question, so a new condition is valid at once. */
function defaultValue(q: TQuestion, op: ConditionOp): TCondition['value'] {
  if (PRESENCE.includes(op)) return undefined
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
      return q.choices[0]?.id ?? (q.allowOther ? 'other' : '')
    case 'yes_no':
    case 'consent':
      return op === 'eq' ? false : true
    case 'date':
      return new Date().toISOString().slice(0, 10)
    case 'number':
      return q.min ?? 0
    default: {
      const b = numericBounds(q)
      // A low score is the usual trigger for a follow-up ("why were you dissatisfied?").
      return b ? Math.min(b.max, b.min + Math.floor((b.max - b.min) / 3)) : 0
    }
  }
}

export function newCondition(q: TQuestion): TCondition {
  const ops = OPS_BY_TYPE[q.type]
  const op: ConditionOp = ops.includes('lte') ? 'lte' : ops.includes('includes') ? 'includes' : ops.includes('eq') ? 'eq' : ops[0]!
  const value = defaultValue(q, op)
  return value === undefined ? { questionId: q.id, op } : { questionId: q.id, op, value }
}

/**
 * "Show this question when [all/any] of: [question] [comparison] [value]". Only earlier questions
 * are offered, comparisons fit the question's type and the value input fits its answers.
 */
export function RuleEditor(props: {
  /** e.g. `q-csat-rule` or `page-p2-rule`: prefix of every control's id. */
  idPrefix: string
  subject: 'question' | 'page'
  rule: TRule | undefined
  targets: RuleTarget[]
  disabled?: boolean
  error: (path: string) => string | undefined
  onChange: (rule: TRule | undefined) => void
}) {
  const byId = () => new Map(props.targets.map((t) => [t.question.id, t]))
  const conditions = () => props.rule?.conditions ?? []
  const setCondition = (k: number, c: TCondition) => props.onChange({ join: props.rule?.join ?? 'all', conditions: conditions().map((old, i) => (i === k ? c : old)) })
  const add = () => {
    const last = props.targets[props.targets.length - 1]
    if (!last) return
    props.onChange({ join: props.rule?.join ?? 'all', conditions: [...conditions(), newCondition(last.question)] })
    queueMicrotask(() => document.getElementById(`${props.idPrefix}-${conditions().length - 1}-question`)?.focus())
  }
  const remove = (k: number) => {
    const rest = conditions().filter((_, i) => i !== k)
    props.onChange(rest.length ? { join: props.rule!.join, conditions: rest } : undefined)
    queueMicrotask(() => document.getElementById(rest.length ? `${props.idPrefix}-${Math.min(k, rest.length - 1)}-question` : `${props.idPrefix}-add`)?.focus())
  }

  return (
    <fieldset class="rule-editor" disabled={props.disabled}>
      <legend>Display logic</legend>
      <Show
        when={props.targets.length > 0}
        fallback={<p class="hint">{props.subject === 'page' ? 'A page can depend on answers given on earlier pages; this is the first page.' : 'A question can depend on earlier answers; nothing comes before this one.'}</p>}
      >
        <Show when={conditions().length > 0} fallback={<p class="hint">Always shown. Add a condition to show this {props.subject} only after certain answers.</p>}>
          <div class="rule-join">
            <label for={`${props.idPrefix}-join`}>Show this {props.subject} when</label>
            <select id={`${props.idPrefix}-join`} value={props.rule?.join ?? 'all'} onChange={(e) => props.onChange({ join: e.currentTarget.value as 'all' | 'any', conditions: conditions() })}>
              <option value="all" selected={props.rule?.join !== 'any'}>
                all
              </option>
              <option value="any" selected={props.rule?.join === 'any'}>
                any
              </option>
            </select>
            <span>of these are true:</span>
          </div>
          <ol class="rule-conditions">
            <For each={conditions()}>
              {(c, k) => (
                <li class="rule-condition">
                  <ConditionRow
                    idPrefix={`${props.idPrefix}-${k()}`}
                    position={k() + 1}
                    condition={c}
                    targets={props.targets}
                    target={byId().get(c.questionId)?.question}
                    error={(field) => props.error(`visibleIf.conditions.${k()}.${field}`)}
                    onChange={(next) => setCondition(k(), next)}
                  />
                  <button type="button" class="button small subtle-danger" onClick={() => remove(k())}>
                    Remove<span class="sr-only"> condition {k() + 1}</span>
                  </button>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <button type="button" class="button small" id={`${props.idPrefix}-add`} onClick={add}>
          {conditions().length ? 'Add another condition' : 'Add a condition'}
        </button>
      </Show>
      <Show when={props.error('visibleIf.conditions') ?? props.error('visibleIf')}>
        {(message) => <p class="field-error">{sentence('The rule', message())}</p>}
      </Show>
    </fieldset>
  )
}

function ConditionRow(props: {
  idPrefix: string
  position: number
  condition: TCondition
  targets: RuleTarget[]
  target: TQuestion | undefined
  error: (field: string) => string | undefined
  onChange: (c: TCondition) => void
}) {
  const ops = () => (props.target ? OPS_BY_TYPE[props.target.type] : [])
  const pickQuestion = (id: string) => {
    const t = props.targets.find((x) => x.question.id === id)
    if (t) props.onChange(newCondition(t.question))
  }
  const pickOp = (op: ConditionOp) => {
    const q = props.target
    if (!q) return
    const keep = !PRESENCE.includes(op) && props.condition.value !== undefined && !PRESENCE.includes(props.condition.op)
    const value = keep ? props.condition.value : defaultValue(q, op)
    props.onChange(value === undefined ? { questionId: q.id, op } : { questionId: q.id, op, value })
  }
  const setValue = (value: TCondition['value']) => props.onChange({ ...props.condition, value })
  const described = (field: string) => (props.error(field) ? `${props.idPrefix}-${field}-error` : undefined)

  return (
    <div class="condition-fields" role="group" aria-label={`Condition ${props.position}`}>
      <div class="field inline">
        <label for={`${props.idPrefix}-question`}>Question</label>
        <select id={`${props.idPrefix}-question`} value={props.condition.questionId} onChange={(e) => pickQuestion(e.currentTarget.value)} aria-invalid={props.error('questionId') ? 'true' : undefined} aria-describedby={described('questionId')}>
          <Show when={!props.target}>
            <option value={props.condition.questionId} selected>
              {props.condition.questionId} (not before this one)
            </option>
          </Show>
          <For each={props.targets}>
            {(t) => (
              <option value={t.question.id} selected={t.question.id === props.condition.questionId}>
                {t.number}. {short(t.question.text, 50)}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field inline">
        <label for={`${props.idPrefix}-op`}>Comparison</label>
        <select id={`${props.idPrefix}-op`} value={props.condition.op} onChange={(e) => pickOp(e.currentTarget.value as ConditionOp)} aria-invalid={props.error('op') ? 'true' : undefined} aria-describedby={described('op')}>
          <For each={ops()}>
            {(op) => (
              <option value={op} selected={op === props.condition.op}>
                {OP_LABELS[op]}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={props.target && !PRESENCE.includes(props.condition.op)}>
        <div class="field inline">
          <label for={`${props.idPrefix}-value`}>Value</label>
          <Show when={props.target} keyed>
            {(target) => <ValueInput id={`${props.idPrefix}-value`} question={target} value={props.condition.value} invalid={!!props.error('value')} describedBy={described('value')} onChange={setValue} />}
          </Show>
        </div>
      </Show>
      <For each={['questionId', 'op', 'value']}>
        {(field) => (
          <Show when={props.error(field)}>
            <p class="field-error" id={`${props.idPrefix}-${field}-error`}>
              {sentence(field === 'questionId' ? 'The question' : field === 'op' ? 'The comparison' : 'The value', props.error(field)!)}
            </p>
          </Show>
        )}
      </For>
    </div>
  )
}

function ValueInput(props: { id: string; question: TQuestion; value: TCondition['value']; invalid: boolean; describedBy?: string; onChange: (v: TCondition['value']) => void }) {
  const common = () => ({ id: props.id, 'aria-invalid': props.invalid ? ('true' as const) : undefined, 'aria-describedby': props.describedBy })
  const q = () => props.question
  const choiceOptions = () => {
    const question = q()
    if (question.type !== 'single_choice' && question.type !== 'multiple_choice') return []
    return [...question.choices.map((c) => ({ value: c.id, label: c.label || c.id })), ...(question.allowOther ? [{ value: 'other', label: question.otherLabel || 'Other' }] : [])]
  }
  const numberInput = (min?: number, max?: number, step = '1') => (
    <input
      {...common()}
      type="number"
      inputMode="decimal"
      min={min}
      max={max}
      step={step}
      value={typeof props.value === 'number' ? String(props.value) : ''}
      onInput={(e) => {
        const n = e.currentTarget.valueAsNumber
        props.onChange(Number.isFinite(n) ? n : undefined)
      }}
    />
  )
  switch (q().type) {
    case 'single_choice':
    case 'multiple_choice':
      return (
        <select {...common()} value={String(props.value ?? '')} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <For each={choiceOptions()}>
            {(o) => (
              <option value={o.value} selected={o.value === props.value}>
                {o.label}
              </option>
            )}
          </For>
        </select>
      )
    case 'yes_no':
    case 'consent':
      return (
        <select {...common()} value={props.value === true ? 'true' : 'false'} onChange={(e) => props.onChange(e.currentTarget.value === 'true')}>
          <option value="true" selected={props.value === true}>
            {booleanLabel(q(), true)}
          </option>
          <option value="false" selected={props.value !== true}>
            {booleanLabel(q(), false)}
          </option>
        </select>
      )
    case 'date':
      return <input {...common()} type="date" value={typeof props.value === 'string' ? props.value : ''} onInput={(e) => props.onChange(e.currentTarget.value || undefined)} />
    case 'number': {
      const question = q() as Extract<TQuestion, { type: 'number' }>
      return numberInput(question.min, question.max, question.integer ? '1' : 'any')
    }
    default: {
      const b = numericBounds(q())
      return numberInput(b?.min, b?.max)
    }
  }
}
