import { Show, type JSX } from 'solid-js'

/**
 * A list's table: the column headers given, a last column for the row actions when the reader may
 * act on rows (its header is named for screen readers only), and the rows.
 */
export function ListTable(props: { class?: string; caption?: string; head: JSX.Element; actions: boolean; children: JSX.Element }) {
  return (
    <div class="table-wrap">
      <table class={props.class ?? 'table'}>
        <Show when={props.caption}>
          <caption class="sr-only">{props.caption}</caption>
        </Show>
        <thead>
          <tr>
            {props.head}
            <Show when={props.actions}>
              <th scope="col" class="actions">
                <span class="sr-only">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  )
}

/** Archive, or Restore once archived: a row's buttons, named with the row for screen readers. */
export function ArchiveOrRestore(props: { name: string; archived: boolean; onArchive: () => void; onRestore: () => void }) {
  return (
    <Show
      when={props.archived}
      fallback={
        <button type="button" class="button small subtle-danger" onClick={() => props.onArchive()}>
          Archive<span class="sr-only"> {props.name}</span>
        </button>
      }
    >
      <button type="button" class="button small" onClick={() => props.onRestore()}>
        Restore<span class="sr-only"> {props.name}</span>
      </button>
    </Show>
  )
}
