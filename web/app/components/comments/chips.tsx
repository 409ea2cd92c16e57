import { For, Show } from 'solid-js'
import { LABEL_SYMBOL, LABEL_TEXT, themeName, type SentimentLabel } from './types.ts'

interface Evidence {
  start: number
  end: number
  polarity: number
}

/** The comment's sentiment as a word and a shape; colour only reinforces them. */
export function LabelChip(props: { label: SentimentLabel | null; language?: string }) {
  return (
    <Show
      when={props.label}
      fallback={
        <span class="sentiment sentiment-unknown">
          <span aria-hidden="true" class="sentiment-symbol">
            {LABEL_SYMBOL.unknown}
          </span>
          Not tagged{props.language && props.language !== 'en' ? ` (${props.language})` : ''}
        </span>
      }
    >
      {(label) => (
        <span class={`sentiment sentiment-${label()}`}>
          <span aria-hidden="true" class="sentiment-symbol">
            {LABEL_SYMBOL[label()]}
          </span>
          {LABEL_TEXT[label()]}
        </span>
      )}
    </Show>
  )
}

export function ThemeChips(props: { themes: string[] }) {
  return (
    <Show when={props.themes.length > 0} fallback={<span class="muted theme-none">No theme</span>}>
      <ul class="theme-chips" aria-label="Themes">
        <For each={props.themes}>{(t) => <li class="theme-chip">{themeName(t)}</li>}</For>
      </ul>
    </Show>
  )
}

/** Non-overlapping spans in text order, clipped to the text. */
export function cleanSpans(text: string, evidence: Evidence[]): Evidence[] {
  const sorted = evidence
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.end > e.start)
    .map((e) => ({ ...e, start: Math.max(0, e.start), end: Math.min(text.length, e.end) }))
    .filter((e) => e.end > e.start)
    .sort((a, b) => a.start - b.start || b.end - a.end)
  const out: Evidence[] = []
  for (const e of sorted) {
    const last = out[out.length - 1]
    if (last && e.start < last.end) continue
    out.push(e)
  }
  return out
}

type Piece = { text: string; polarity?: number }

export function pieces(text: string, evidence: Evidence[]): Piece[] {
  const out: Piece[] = []
  let at = 0
  for (const e of cleanSpans(text, evidence)) {
    if (e.start > at) out.push({ text: text.slice(at, e.start) })
    out.push({ text: text.slice(e.start, e.end), polarity: e.polarity })
    at = e.end
  }
  if (at < text.length) out.push({ text: text.slice(at) })
  return out
}

/** The comment with the words that drove its label marked, and named for screen readers. */
export function HighlightedText(props: { text: string; evidence: Evidence[] }) {
  return (
    <For each={pieces(props.text, props.evidence)}>
      {(p) =>
        p.polarity ? (
          <mark class={p.polarity > 0 ? 'evidence evidence-positive' : 'evidence evidence-negative'}>
            {p.text}
            <span class="sr-only">{p.polarity > 0 ? ' (positive words)' : ' (negative words)'}</span>
          </mark>
        ) : (
          p.text
        )
      }
    </For>
  )
}
