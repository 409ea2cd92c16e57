import { A, useNavigate } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import type { InferResponseType } from 'hono/client'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { runRowAction } from '../lib/row-action.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { ArchiveOrRestore, ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'

type TemplateRow = InferResponseType<(typeof api)['audit-templates']['$get'], 200>['templates'][number]

/** The audit templates: what mystery shoppers check, versioned; create, open, archive and restore. */
export function AuditTemplatesPage() {
  const [templates, { refetch }] = createResource(() => call(api['audit-templates'].$get()).then((r) => r.templates))
  const canDesign = () => allowed('audits:design')
  const [message, setMessage] = createSignal('')

  const archive = (t: TemplateRow) =>
    runRowAction({
      confirm: {
        title: `Archive “${t.title}”?`,
        message: `No new visits can be assigned with it.${t.assignments ? ` Its ${t.assignments === 1 ? 'assignment stays' : `${t.assignments} assignments stay`} as they are,` : ''} Audits and results are kept, and you can restore it later.`,
        confirmLabel: 'Archive template',
        danger: true,
      },
      run: () => call(api['audit-templates'][':id'].archive.$post({ param: { id: t.id } })),
      refetch,
      done: `“${t.title}” archived.`,
      setMessage,
    })
  const restore = (t: TemplateRow) =>
    runRowAction({
      confirm: { title: `Restore “${t.title}”?`, message: 'It can be assigned to shoppers again.', confirmLabel: 'Restore template' },
      run: () => call(api['audit-templates'][':id'].restore.$post({ param: { id: t.id } })),
      refetch,
      done: `“${t.title}” restored.`,
      setMessage,
    })

  return (
    <Page title="Audit templates" lead="What mystery shoppers check at a visit, how each check scores, and which service standards it gives evidence for.">
      <p class="breadcrumb">
        <A href="/audits">← Audits</A>
      </p>
      <div class="layout-split">
        <Show when={canDesign()}>
          <div class="card">
            <NewTemplateForm />
          </div>
        </Show>
        <div class="card">
          <h2>All audit templates</h2>
          <Show when={!canDesign()}>
            <p class="hint">You can read the templates. Designing them needs a manager or admin role.</p>
          </Show>
          <p role="status" class="row-message">
            {message()}
          </p>
          <AsyncView resource={templates} loading="Loading audit templates…" onRetry={refetch}>
            {(rows) => (
              <Show
                when={rows().length > 0}
                fallback={
                  <EmptyState title="No audit templates yet">
                    <p>
                      {canDesign()
                        ? 'Create one: it starts with a section of typical checks (a greeting, a wait timed with a stopwatch and a narrative) that you can change, then publish it to assign visits.'
                        : 'A manager creates them; they will be listed here.'}
                    </p>
                  </EmptyState>
                }
              >
                <TemplateTable rows={rows().filter((t) => !t.archivedAt)} canDesign={canDesign()} onArchive={archive} />
                <Show when={rows().some((t) => t.archivedAt)}>
                  <h3 class="spaced">Archived templates</h3>
                  <TemplateTable rows={rows().filter((t) => t.archivedAt)} archived canDesign={canDesign()} onRestore={restore} />
                </Show>
              </Show>
            )}
          </AsyncView>
        </div>
      </div>
    </Page>
  )
}

function TemplateTable(props: { rows: TemplateRow[]; archived?: boolean; canDesign: boolean; onArchive?: (t: TemplateRow) => void; onRestore?: (t: TemplateRow) => void }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="muted">Every template is archived.</p>}>
      <ListTable
        actions={props.canDesign}
        head={
          <>
            <th scope="col">Template</th>
            <th scope="col">Published</th>
            <th scope="col" class="num">
              Assignments
            </th>
            <th scope="col">{props.archived ? 'Archived' : 'Last changed'}</th>
          </>
        }
      >
        <For each={props.rows}>
          {(t) => (
            <tr classList={{ archived: props.archived }}>
              <th scope="row">
                <A href={`/audits/templates/${t.id}`}>{t.title}</A>
              </th>
              <td>
                <Show when={t.publishedVersion !== null} fallback={<span class="tag">Not published</span>}>
                  Version {t.publishedVersion}
                </Show>
                <Show when={t.hasDraft}>
                  <span class="tag tag-draft">{t.publishedVersion !== null ? 'Draft of changes' : 'Draft'}</span>
                </Show>
              </td>
              <td class="num">{t.assignments}</td>
              <td>{formatDate(props.archived ? t.archivedAt : t.updatedAt)}</td>
              <Show when={props.canDesign}>
                <td class="actions">
                  <ArchiveOrRestore name={t.title} archived={!!props.archived} onArchive={() => props.onArchive?.(t)} onRestore={() => props.onRestore?.(t)} />
                </td>
              </Show>
            </tr>
          )}
        </For>
      </ListTable>
    </Show>
  )
}

function NewTemplateForm() {
  const navigate = useNavigate()
  const form = createSubmitter()
  const [title, setTitle] = createSignal('')
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const created = await form.run(() => call(api['audit-templates'].$post({ json: { title: title() } })))
    if (!created) return focusFirstInvalid(formEl)
    navigate(`/audits/templates/${created.template.id}`)
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate aria-labelledby="new-template-title">
      <h2 id="new-template-title">New audit template</h2>
      <TextField
        id="new-template-name"
        label="Title"
        value={title()}
        onInput={setTitle}
        error={form.fieldError('title')}
        hint="Shoppers and reviewers see it, e.g. “Branch visit” or “Phone enquiry”."
        required
        maxLength={200}
      />
      <p class="hint">It starts as a draft with one section of typical checks. Publish it once it is ready to assign.</p>
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Create template" pendingLabel="Creating…" />
    </form>
  )
}
