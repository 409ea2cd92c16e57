import { For, Show } from 'solid-js'
import type { TQuestion } from '../../shared/survey/definition.ts'
import { SCALES, type ScaleType } from '../../shared/survey/scales.ts'
import type { AnswerValue } from './storage.ts'

export const TEXT_LIMITS = { short_text: 300, comment: 5000 } as const

const isScaleType = (type: string): type is ScaleType => type in SCALES

interface QuestionProps {
  question: TQuestion
  value: AnswerValue | undefined
  error: string | undefined
  onAnswer: (value: AnswerValue | undefined) => void
}

/** Ids of the help and error texts a question's inputs are described by. */
function describedBy(props: QuestionProps): string | undefined {
  const ids = [props.question.help ? `q-${props.question.id}-help` : '', props.error ? `q-${props.question.id}-error` : ''].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function Prompt(props: { question: TQuestion }) {
  return (
    <>
      <span class="q-text">{props.question.text}</span>
      <Show when={props.question.required} fallback={<span class="q-optional"> (optional)</span>}>
        <span class="q-required"> (required)</span>
      </Show>
    </>
  )
}

function Help(props: { question: TQuestion }) {
  return (
    <Show when={props.question.help}>
      <p class="q-help" id={`q-${props.question.id}-help`}>
        {props.question.help}
      </p>
    </Show>
  )
}

function ErrorText(props: { question: TQuestion; error: string | undefined }) {
  return (
    <Show when={props.error}>
      <p class="q-error" id={`q-${props.question.id}-error`}>
        <span aria-hidden="true">⚠ </span>
        {props.error}
      </p>
    </Show>
  )
}

/** One question: real radio groups for scales and yes/no, text inputs for text. */
export function Question(props: QuestionProps) {
  return (
    <div class="question" classList={{ 'has-error': !!props.error }} id={`q-${props.question.id}`}>
      <Show when={props.question.type === 'short_text' || props.question.type === 'comment'} fallback={<ChoiceQuestion {...props} />}>
        <TextQuestion {...props} />
      </Show>
    </div>
  )
}

function ChoiceQuestion(props: QuestionProps) {
  const options = () => {
    const type = props.question.type
    if (isScaleType(type)) {
      const s = SCALES[type]
      return Array.from({ length: s.max - s.min + 1 }, (_, i) => {
        const v = s.min + i
        return { value: v as AnswerValue, label: String(v), extra: v === s.min ? s.low : v === s.max ? s.high : '' }
      })
    }
    return [
      { value: true as AnswerValue, label: 'Yes', extra: '' },
      { value: false as AnswerValue, label: 'No', extra: '' },
    ]
  }
  const scale = () => (isScaleType(props.question.type) ? SCALES[props.question.type] : null)
  const name = () => `q-${props.question.id}`

  return (
    <fieldset class="q-fieldset" aria-describedby={describedBy(props)}>
      <legend class="q-legend">
        <Prompt question={props.question} />
      </legend>
      <Help question={props.question} />
      <div class={`options options-${options().length}`} classList={{ 'options-yes-no': props.question.type === 'yes_no' }}>
        <For each={options()}>
          {(o, i) => (
            <div class="option">
              <input
                type="radio"
                id={`${name()}-${i()}`}
                name={name()}
                value={String(o.value)}
                checked={props.value === o.value}
                onChange={() => props.onAnswer(o.value)}
                required={props.question.required}
                aria-invalid={props.error ? 'true' : undefined}
                aria-describedby={props.error ? `q-${props.question.id}-error` : undefined}
              />
              <label for={`${name()}-${i()}`}>
                {o.label}
                <Show when={o.extra}>
                  <span class="sr-only">, {o.extra}</span>
                </Show>
              </label>
            </div>
          )}
        </For>
      </div>
      <Show when={scale()}>
        {(s) => (
          <div class="scale-ends" aria-hidden="true">
            <span>
              {s().min} = {s().low}
            </span>
            <span>
              {s().max} = {s().high}
            </span>
          </div>
        )}
      </Show>
      <ErrorText question={props.question} error={props.error} />
    </fieldset>
  )
}

function TextQuestion(props: QuestionProps) {
  const id = () => `q-${props.question.id}-input`
  const limit = () => (props.question.type === 'short_text' ? TEXT_LIMITS.short_text : TEXT_LIMITS.comment)
  const common = () => ({
    id: id(),
    name: `q-${props.question.id}`,
    maxLength: limit(),
    required: props.question.required,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(props),
    value: typeof props.value === 'string' ? props.value : '',
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => props.onAnswer(e.currentTarget.value === '' ? undefined : e.currentTarget.value),
  })
  return (
    <>
      <label class="q-legend" for={id()}>
        <Prompt question={props.question} />
      </label>
      <Help question={props.question} />
      <Show when={props.question.type === 'comment'} fallback={<input type="text" autocomplete="off" {...common()} />}>
        <textarea rows={4} {...common()} />
      </Show>
      <ErrorText question={props.question} error={props.error} />
    </>
  )
}
