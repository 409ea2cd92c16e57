import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { TAuditTemplateDefinition } from '../../../../shared/audit/template.ts'
import { formatDate } from '../../lib/format.ts'
import { VersionBadge } from '../builder/versions.tsx'

export type AuditVersion = { id: string; version: number; status: string; definition: TAuditTemplateDefinition; createdAt: string; publishedAt: string | null }

/** Every version of a template, newest first; an older one opens read-only. */
export function AuditVersionList(props: { templateId: string; versions: AuditVersion[]; viewing: number }) {
  const latest = () => props.versions[0]?.version
  return (
    <section class="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <p class="hint">A published version is frozen: assignments keep the version they were given. Publishing a later version changes only new assignments.</p>
      <ol class="version-list" reversed>
        <For each={props.versions}>
          {(v) => (
            <li class="version-item" aria-current={v.version === props.viewing ? 'true' : undefined}>
              <div class="version-head">
                <strong>Version {v.version}</strong>
                <VersionBadge status={v.status} />
                <Show when={v.version === props.viewing}>
                  <span class="tag">{v.version === latest() ? 'Open' : 'Viewing'}</span>
                </Show>
              </div>
              <p class="hint">
                Started {formatDate(v.createdAt)}
                <Show when={v.publishedAt}> · published {formatDate(v.publishedAt)}</Show>
              </p>
              <Show when={v.version !== props.viewing}>
                <A class="button small" href={v.version === latest() ? `/audits/templates/${props.templateId}` : `/audits/templates/${props.templateId}?version=${v.version}`}>
                  {v.version === latest() ? (v.status === 'draft' ? 'Back to the draft' : 'Back to the current version') : 'View'}
                  <span class="sr-only"> version {v.version}</span>
                </A>
              </Show>
            </li>
          )}
        </For>
      </ol>
    </section>
  )
}
