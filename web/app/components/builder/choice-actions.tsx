/** The id of a choice row's element: `${rowId}-up`, `${rowId}-down`. */
type RowId = (index: number) => string

/**
 * Moves a choice one place up or down, says where it went, and keeps focus on the button that moved
 * it (on its twin once the choice reaches either end, where that button is disabled).
 */
export function moveChoice<C>(opts: { choices: readonly C[]; index: number; delta: -1 | 1; rowId: RowId; set: (choices: C[]) => void; announce: (message: string) => void }): void {
  const { index: k, delta } = opts
  const to = k + delta
  if (to < 0 || to >= opts.choices.length) return
  const next = [...opts.choices]
  const [c] = next.splice(k, 1)
  next.splice(to, 0, c!)
  opts.set(next)
  opts.announce(`Choice moved to position ${to + 1} of ${next.length}.`)
  const atEdge = to === 0 || to === next.length - 1
  queueMicrotask(() => document.getElementById(`${opts.rowId(to)}-${atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`)?.focus())
}

/** A choice's Move up, Move down and Delete buttons, named with its number for screen readers. */
export function ChoiceActions(props: { rowId: string; index: number; count: number; canDelete: boolean; onMove: (delta: -1 | 1) => void; onDelete: () => void }) {
  return (
    <div class="choice-actions">
      <button type="button" class="button small" id={`${props.rowId}-up`} onClick={() => props.onMove(-1)} disabled={props.index === 0}>
        <span aria-hidden="true">↑</span>
        <span class="sr-only">Move choice {props.index + 1} up</span>
      </button>
      <button type="button" class="button small" id={`${props.rowId}-down`} onClick={() => props.onMove(1)} disabled={props.index === props.count - 1}>
        <span aria-hidden="true">↓</span>
        <span class="sr-only">Move choice {props.index + 1} down</span>
      </button>
      <button type="button" class="button small subtle-danger" onClick={() => props.onDelete()} disabled={!props.canDelete}>
        <span aria-hidden="true">✕</span>
        <span class="sr-only">Delete choice {props.index + 1}</span>
      </button>
    </div>
  )
}
