import { Show } from 'solid-js'

/**
 * The bar above a versioned editor (surveys, audit templates): the version and its status, whether
 * there are unsaved changes, and Discard changes, Save draft and Publish for those who may write.
 */
export function EditorStatusBar(props: {
  /** 'draft' or 'published'. */
  status: string
  /** "Version 3 · Draft". */
  label: string
  /** What the status means for what is in use now. */
  detail: string
  dirty: boolean
  canWrite: boolean
  saving: boolean
  publishing: boolean
  canPublish: boolean
  onDiscard: () => void
  onSave: () => void
  onPublish: () => void
}) {
  return (
    <div class="status-bar card" aria-labelledby="version-status">
      <div>
        <p class="status-line" id="version-status">
          <span class="tag" classList={{ 'tag-live': props.status === 'published', 'tag-draft': props.status === 'draft' }}>
            {props.label}
          </span>
          <Show when={props.dirty}>
            <span class="tag tag-unsaved">Unsaved changes</span>
          </Show>
        </p>
        <p class="hint">
          {props.detail}
          <Show when={props.canWrite}> Ctrl+S (⌘S on a Mac) saves the draft.</Show>
        </p>
      </div>
      <Show when={props.canWrite}>
        <div class="status-actions">
          <Show when={props.dirty}>
            <button type="button" class="button" onClick={() => props.onDiscard()}>
              Discard changes
            </button>
          </Show>
          <button type="button" class="button" onClick={() => props.onSave()} disabled={props.saving || !props.dirty} aria-keyshortcuts="Control+S Meta+S" title="Ctrl+S or ⌘S">
            {props.saving ? 'Saving…' : 'Save draft'}
          </button>
          <button type="button" class="button primary" onClick={() => props.onPublish()} disabled={props.publishing || props.saving || !props.canPublish}>
            {props.publishing ? 'Publishing…' : 'Publish'}
          </button>
        </div>
      </Show>
    </div>
  )
}
