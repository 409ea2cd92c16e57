import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js'
import type { TQuestion } from '../../shared/survey/definition.ts'
import type { AnswerValue, ChoiceAnswer } from '../../shared/survey/answers.ts'
import { SCALES } from '../../shared/survey/scales.ts'
import { fill, type ChromeStrings } from './strings.ts'

export interface QuestionProps {
  question: TQuestion
  value: AnswerValue | undefined
  error: string | undefined
  t: ChromeStrings
  onAnswer: (value: AnswerValue | undefined) => void
}

type Choice = Extract<TQuestion, { type: 'single_choice' | 'multiple_choice' }>
type Scale = Extract<TQuestion, { type: 'nps' | 'csat' | 'ces' | 'rating' }>

const qid = (props: QuestionProps, suffix: string) => `q-${props.question.id}-${suffix}`
const ids = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' ') || undefined
const helpId = (props: QuestionProps) => props.question.help && qid(props, 'help')
const errorId = (props: QuestionProps) => props.error && qid(props, 'error')

/** The element a problem link or "focus the first problem" lands on. */
export function focusQuestion(questionId: string): void {
  const box = document.getElementById(`q-${questionId}`)
  const target = box?.querySelector<HTMLElement>('input:checked') ?? box?.querySelector<HTMLElement>('input, textarea, select')
  target?.focus()
}

function Prompt(props: QuestionProps) {
  return (
    <>
      <span class="q-text">{props.question.text}</span>{' '}
      <Show when={props.question.required} fallback={<span class="q-optional">({props.t.optional})</span>}>
        <span class="q-required">({props.t.required})</span>
      </Show>
    </>
  )
}

function Help(props: QuestionProps) {
  return (
    <Show when={props.question.help}>
      <p class="q-help" id={qid(props, 'help')}>
        {props.question.help}
      </p>
    </Show>
  )
}

function ErrorText(props: QuestionProps) {
  return (
    <Show when={props.error}>
      <p class="q-error" id={qid(props, 'error')}>
        <span aria-hidden="true">⚠ </span>
        {props.error}
      </p>
    </Show>
  )
}

/** One question of any type, with its prompt, help and inline error. */
export function Question(props: QuestionProps) {
  return (
    <div class="question" classList={{ 'has-error': !!props.error }} id={`q-${props.question.id}`}>
      <Switch>
        <Match when={props.question.type === 'short_text' || props.question.type === 'comment' || props.question.type === 'number' || props.question.type === 'date'}>
          <FieldQuestion {...props} />
        </Match>
        <Match when={props.question.type === 'consent'}>
          <ConsentQuestion {...props} />
        </Match>
        <Match when={props.question.type === 'single_choice' || props.question.type === 'multiple_choice'}>
          <ChoiceQuestion {...props} />
        </Match>
        <Match when={true}>
          <ButtonsQuestion {...props} />
        </Match>
      </Switch>
    </div>
  )
}

/** A fieldset whose inputs are one group; radio groups say so, so "required" and "invalid" apply to the group. */
function Group(props: QuestionProps & { radio: boolean; children: JSX.Element }) {
  return (
    <fieldset
      class="q-fieldset"
      role={props.radio ? 'radiogroup' : undefined}
      aria-labelledby={qid(props, 'legend')}
      aria-describedby={ids(helpId(props), errorId(props))}
      aria-required={props.radio && props.question.required ? 'true' : undefined}
      aria-invalid={props.radio && props.error ? 'true' : undefined}
    >
      <legend class="q-legend" id={qid(props, 'legend')}>
        <Prompt {...props} />
      </legend>
      <Help {...props} />
      {props.children}
      <ErrorText {...props} />
    </fieldset>
  )
}

/** Scales, ratings and yes/no: a row of large buttons that are native radios underneath. */
function ButtonsQuestion(props: QuestionProps) {
  const scale = () => (props.question.type === 'yes_no' ? null : (props.question as Scale))
  const stars = () => props.question.type === 'rating' && props.question.style !== 'numbers'
  const bounds = () => {
    const q = props.question
    if (q.type === 'rating') return { min: 1, max: q.points ?? 5, low: q.lowLabel ?? '', high: q.highLabel ?? '' }
    if (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') {
      const s = SCALES[q.type]
      return { min: s.min, max: s.max, low: q.lowLabel ?? s.low, high: q.highLabel ?? s.high }
    }
    return null
  }
  const options = () => {
    const b = bounds()
    if (!b) return [true, false] as AnswerValue[]
    return Array.from({ length: b.max - b.min + 1 }, (_, i) => (b.min + i) as AnswerValue)
  }
  const endId = (v: AnswerValue) => {
    const b = bounds()
    if (b?.low && v === b.min) return qid(props, 'low')
    if (b?.high && v === b.max) return qid(props, 'high')
    return undefined
  }
  const label = (v: AnswerValue) => {
    if (v === true) return props.t.yes
    if (v === false) return props.t.no
    return String(v)
  }
  return (
    <Group {...props} radio>
      <div
        class="options"
        classList={{ 'options-stars': stars(), 'options-yes-no': !scale(), 'options-11': options().length === 11 }}
        style={{ '--cols': String(options().length) }}
      >
        <For each={options()}>
          {(v, i) => (
            <div class="option" classList={{ filled: stars() && typeof props.value === 'number' && (v as number) <= props.value }}>
              <input
                type="radio"
                id={qid(props, String(i()))}
                name={`q-${props.question.id}`}
                value={String(v)}
                checked={props.value === v}
                onChange={() => props.onAnswer(v)}
                required={props.question.required}
                aria-describedby={ids(endId(v), errorId(props))}
              />
              <label for={qid(props, String(i()))}>
                <Show when={stars()} fallback={label(v)}>
                  <span aria-hidden="true" class="star">
                    ★
                  </span>
                  <span class="sr-only">{fill(props.t.star, { n: v as number, of: options().length })}</span>
                </Show>
              </label>
            </div>
          )}
        </For>
      </div>
      <Show when={bounds()?.low || bounds()?.high}>
        <div class="scale-ends">
          <span id={qid(props, 'low')}>{bounds()?.low ? `${bounds()!.min} = ${bounds()!.low}` : ''}</span>
          <span id={qid(props, 'high')}>{bounds()?.high ? `${bounds()!.max} = ${bounds()!.high}` : ''}</span>
        </div>
      </Show>
    </Group>
  )
}

/** Single choice (radios) and multiple choice (checkboxes), with an "Other" that reveals a text box. */
function ChoiceQuestion(props: QuestionProps) {
  const q = () => props.question as Choice
  const multiple = () => props.question.type === 'multiple_choice'
  const value = (): ChoiceAnswer => {
    const v = props.value
    return v && typeof v === 'object' ? v : { selected: [] }
  }
  const otherOn = () => value().other !== undefined
  const set = (selected: string[], other: string | undefined) => props.onAnswer(selected.length === 0 && other === undefined ? undefined : other === undefined ? { selected } : { selected, other })
  const toggle = (id: string, on: boolean) => {
    if (!multiple()) return set(on ? [id] : [], undefined)
    const rest = value().selected.filter((s) => s !== id)
    set(on ? [...rest, id] : rest, value().other)
  }
  const toggleOther = (on: boolean) => {
    if (!multiple()) return set([], on ? (value().other ?? '') : undefined)
    set(value().selected, on ? (value().other ?? '') : undefined)
  }
  // A component, not a helper call: its `checked` follows the answer without re-creating the input
  // (which would drop keyboard focus in the middle of arrowing through the group).
  const Input = (p: { id: string; checked: boolean; onChange: (on: boolean) => void }) => (
    <input
      type={multiple() ? 'checkbox' : 'radio'}
      id={qid(props, `c-${p.id}`)}
      name={`q-${props.question.id}`}
      value={p.id}
      checked={p.checked}
      onChange={(e) => p.onChange(e.currentTarget.checked)}
      required={!multiple() && props.question.required}
      aria-describedby={errorId(props) || undefined}
    />
  )
  return (
    <Group {...props} radio={!multiple()}>
      <div class="choices">
        <For each={q().choices ?? []}>
          {(c) => (
            <div class="choice">
              <Input id={c.id} checked={value().selected.includes(c.id)} onChange={(on) => toggle(c.id, on)} />
              <label for={qid(props, `c-${c.id}`)}>{c.label}</label>
            </div>
          )}
        </For>
        <Show when={q().allowOther}>
          <div class="choice">
            <Input id="other" checked={otherOn()} onChange={toggleOther} />
            <label for={qid(props, 'c-other')}>{q().otherLabel || 'Other'}</label>
          </div>
          <Show when={otherOn()}>
            <div class="other-text">
              <label for={qid(props, 'other')}>{fill(props.t.otherText, { x: q().otherLabel || 'Other' })}</label>
              <input
                type="text"
                id={qid(props, 'other')}
                maxLength={300}
                autocomplete="off"
                value={value().other ?? ''}
                aria-invalid={props.error ? 'true' : undefined}
                aria-describedby={errorId(props) || undefined}
                onInput={(e) => set(value().selected, e.currentTarget.value)}
              />
            </div>
          </Show>
        </Show>
      </div>
    </Group>
  )
}

function ConsentQuestion(props: QuestionProps) {
  return (
    <>
      <div class="choice consent">
        <input
          type="checkbox"
          id={qid(props, 'input')}
          name={`q-${props.question.id}`}
          checked={props.value === true}
          onChange={(e) => props.onAnswer(e.currentTarget.checked)}
          required={props.question.required}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={ids(helpId(props), errorId(props))}
        />
        <label for={qid(props, 'input')}>
          <Prompt {...props} />
        </label>
      </div>
      <Help {...props} />
      <ErrorText {...props} />
    </>
  )
}

/** Short text, comment, number and date: one labelled field. */
function FieldQuestion(props: QuestionProps) {
  const id = () => qid(props, 'input')
  const q = () => props.question
  const maxLength = () => {
    const x = q()
    return x.type === 'short_text' || x.type === 'comment' ? (x.maxLength ?? (x.type === 'comment' ? 5000 : 300)) : undefined
  }
  const text = () => (typeof props.value === 'string' ? props.value : '')
  const describedBy = () => ids(helpId(props), q().type === 'comment' && qid(props, 'count'), errorId(props))
  const common = () => ({
    id: id(),
    name: `q-${props.question.id}`,
    required: props.question.required,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(),
  })
  const onText = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => props.onAnswer(e.currentTarget.value === '' ? undefined : e.currentTarget.value)
  // A number is kept as typed until it parses, so "1." or "-" never jump back under the cursor; text
  // that is not a number is kept as text, and the shared check says so.
  const initial = typeof props.value === 'number' ? String(props.value) : typeof props.value === 'string' ? props.value : ''
  const [typed, setTyped] = createSignal(initial)
  const onNumber = (raw: string) => {
    setTyped(raw)
    const s = raw.trim().replace(',', '.')
    if (s === '') return props.onAnswer(undefined)
    const n = Number(s)
    props.onAnswer(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) && Number.isFinite(n) ? n : raw)
  }
  const numeric = () => {
    const x = q()
    return x.type === 'number' && x.integer && !(x.min !== undefined && x.min < 0) ? 'numeric' : 'decimal'
  }
  return (
    <>
      <label class="q-legend" for={id()}>
        <Prompt {...props} />
      </label>
      <Help {...props} />
      <Switch>
        <Match when={q().type === 'comment'}>
          <textarea rows={4} maxLength={maxLength()} value={text()} onInput={onText} {...common()} />
          <p class="q-count" id={qid(props, 'count')}>
            {fill(props.t.count, { n: text().length, of: maxLength() })}
          </p>
        </Match>
        <Match when={q().type === 'number'}>
          <input type="text" class="narrow" inputMode={numeric()} autocomplete="off" value={typed()} onInput={(e) => onNumber(e.currentTarget.value)} {...common()} />
        </Match>
        <Match when={q().type === 'date' ? (q() as Extract<TQuestion, { type: 'date' }>) : undefined}>
          {(d) => <input type="date" class="narrow" min={d().min} max={d().max} value={text()} onInput={onText} onChange={onText} {...common()} />}
        </Match>
        <Match when={true}>
          <input type="text" autocomplete="off" maxLength={maxLength()} value={text()} onInput={onText} {...common()} />
        </Match>
      </Switch>
      <ErrorText {...props} />
    </>
  )
}
