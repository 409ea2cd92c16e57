import { createMemo, createSignal, For, Show } from 'solid-js'
import type { TSurveyDefinition } from '../../../../shared/survey/definition.ts'
import { describeChange, diffDefinitions } from '../../../../shared/survey/diff.ts'
import { formatDate } from '../../lib/format.ts'

export type Version = { id: string; version: number; status: 'draft' | 'published' | 'archived' | string; definition: TSurveyDefinition; createdAt: string; publishedAt: string | null }

const STATUS: Record<string, { label: string; class: string }> = {
  draft: { label: 'Draft', class: 'tag-draft' },
  published: { label: 'Published', class: 'tag-live' },
  archived: { label: 'Archived', class: '' },
}

export function VersionBadge(props: { status: string }) {
  return <span class={`tag ${STATUS[props.status]?.class ?? ''}`}>{STATUS[props.status]?.label ?? props.status}</span>
}

/** The changes between two definitions as a list of sentences (or a note that nothing changed). */
export function ChangeList(props: { before: TSurveyDefinition; after: TSurveyDefinition; id?: string }) {
  const changes = createMemo(() => diffDefinitions(props.before, props.after).map(describeChange))
  return (
    <Show when={changes().length > 0} fallback={<p class="muted" id={props.id}>No changes.</p>}>
      <ul class="change-list" id={props.id}>
        <For each={changes()}>{(c) => <li>{c}</li>}</For>
      </ul>
    </Show>
  )
}

/** Every version, newest first, with what changed from the one before. */
export function VersionHistory(props: { versions: Version[] }) {
  const [open, setOpen] = createSignal<string | null>(null)
  return (
    <section class="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <p class="hint">
        Publishing freezes a version: its questions can no longer change. Editing a published survey starts a new draft, and every response keeps pointing at the version it answered, so
        past results never change. Questions keep their id across versions, so their results are counted together.
      </p>
      <ol class="version-list" reversed>
        <For each={props.versions}>
          {(v, i) => {
            const previous = () => props.versions[i() + 1]
            const panelId = `version-${v.version}-changes`
            return (
              <li class="version-item">
                <div class="version-head">
                  <strong>Version {v.version}</strong>
                  <VersionBadge status={v.status} />
                </div>
                <p class="hint">
                  Started {formatDate(v.createdAt)}
                  <Show when={v.publishedAt}> · published {formatDate(v.publishedAt)}</Show>
                </p>
                <Show when={previous()} fallback={<p class="hint">The first version.</p>}>
                  {(prev) => (
                    <>
                      <button type="button" class="button small" aria-expanded={open() === v.id} aria-controls={panelId} onClick={() => setOpen(open() === v.id ? null : v.id)}>
                        What changed<span class="sr-only"> in version {v.version}</span>
                      </button>
                      <Show when={open() === v.id}>
                        <div class="version-changes">
                          <p class="hint">Compared with version {prev().version}:</p>
                          <ChangeList id={panelId} before={prev().definition} after={v.definition} />
                        </div>
                      </Show>
                    </>
                  )}
                </Show>
              </li>
            )
          }}
        </For>
      </ol>
    </section>
  )
}
