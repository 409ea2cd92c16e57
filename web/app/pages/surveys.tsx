import { A, useNavigate } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { TEMPLATES } from '../../../shared/survey/templates.ts'
import { api, call, type SurveyRow } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { runRowAction } from '../lib/row-action.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { ArchiveOrRestore, ListTable } from '../components/list-table.tsx'
import { Page } from '../components/page.tsx'

export function SurveysPage() {
  const [surveys, { refetch }] = createResource(() => call(api.surveys.$get()).then((r) => r.surveys))
  const canWrite = () => allowed('surveys:write')
  const [message, setMessage] = createSignal('')

  const archive = (s: SurveyRow) =>
    runRowAction({
      confirm: {
        title: `Archive “${s.title}”?`,
        message: 'Its links stop taking answers and it moves to the archived surveys. Its results stay, and you can restore it later.',
        confirmLabel: 'Archive survey',
        danger: true,
      },
      run: () => call(api.surveys[':id'].archive.$post({ param: { id: s.id } })),
      refetch,
      done: `“${s.title}” archived.`,
      setMessage,
    })
  const restore = (s: SurveyRow) => runRowAction({ run: () => call(api.surveys[':id'].restore.$post({ param: { id: s.id } })), refetch, done: `“${s.title}” restored.`, setMessage })

  return (
    <Page title="Surveys" lead="Build a survey, publish it, then share links tagged with a location and channel.">
      <div class="layout-split">
        <Show when={canWrite()}>
          <div class="card">
            <NewSurveyForm />
          </div>
        </Show>
        <div class="card">
          <h2>All surveys</h2>
          <p role="status" class="row-message">
            {message()}
          </p>
          <AsyncView resource={surveys} loading="Loading surveys…" onRetry={refetch}>
            {(rows) => (
              <Show
                when={rows().length > 0}
                fallback={
                  <EmptyState title="No surveys yet">
                    <p>Start from a template or a blank survey, change the questions as you like, then publish it.</p>
                  </EmptyState>
                }
              >
                <SurveyTable rows={rows().filter((s) => !s.archived_at)} canWrite={canWrite()} onArchive={archive} />
                <Show when={rows().some((s) => s.archived_at)}>
                  <h3 class="spaced">Archived surveys</h3>
                  <SurveyTable rows={rows().filter((s) => s.archived_at)} archived canWrite={canWrite()} onRestore={restore} />
                </Show>
              </Show>
            )}
          </AsyncView>
        </div>
      </div>
    </Page>
  )
}

function SurveyTable(props: { rows: SurveyRow[]; archived?: boolean; canWrite: boolean; onArchive?: (s: SurveyRow) => void; onRestore?: (s: SurveyRow) => void }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="muted">Every survey is archived.</p>}>
      <ListTable
        actions={props.canWrite}
        head={
          <>
            <th scope="col">Survey</th>
            <th scope="col">Published</th>
            <th scope="col" class="num">
              Responses
            </th>
            <th scope="col">{props.archived ? 'Archived' : 'Last changed'}</th>
          </>
        }
      >
        <For each={props.rows}>
          {(s) => (
            <tr classList={{ archived: props.archived }}>
              <th scope="row">
                <A href={`/surveys/${s.id}`}>{s.title}</A>
              </th>
              <td>
                <Show when={s.published_version} fallback={<span class="tag">Not published</span>}>
                  Version {s.published_version}
                </Show>
              </td>
              <td class="num">{s.responses}</td>
              <td>{formatDate(props.archived ? s.archived_at : s.updated_at)}</td>
              <Show when={props.canWrite}>
                <td class="actions">
                  <ArchiveOrRestore name={s.title} archived={!!props.archived} onArchive={() => props.onArchive?.(s)} onRestore={() => props.onRestore?.(s)} />
                </td>
              </Show>
            </tr>
          )}
        </For>
      </ListTable>
    </Show>
  )
}

function NewSurveyForm() {
  const navigate = useNavigate()
  const form = createSubmitter()
  const [title, setTitle] = createSignal('')
  const [template, setTemplate] = createSignal('')
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const created = await form.run(() => call(api.surveys.$post({ json: { title: title(), ...(template() ? { template: template() } : {}) } })))
    if (!created) return focusFirstInvalid(formEl)
    navigate(`/surveys/${created.survey.id}`)
  }

  const choices = [{ id: '', name: 'Blank', description: 'Three questions to start from: NPS, CSAT and a comment.' }, ...TEMPLATES]

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2>New survey</h2>
      <TextField label="Title" value={title()} onInput={setTitle} error={form.fieldError('title')} hint="Customers see this title, e.g. “Your visit today”." required maxLength={200} />
      <fieldset class="template-picker">
        <legend>Start from</legend>
        <For each={choices}>
          {(t) => (
            <label class="template-card" classList={{ selected: template() === t.id }}>
              <input type="radio" name="template" value={t.id} checked={template() === t.id} onChange={() => setTemplate(t.id)} aria-describedby={`template-${t.id || 'blank'}-description`} />
              <span class="template-name">{t.name}</span>
              <span class="template-description" id={`template-${t.id || 'blank'}-description`}>
                {t.description}
              </span>
            </label>
          )}
        </For>
        <Show when={form.fieldError('template')}>
          <p class="field-error">{form.fieldError('template')}</p>
        </Show>
      </fieldset>
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Create survey" pendingLabel="Creating…" />
    </form>
  )
}
