import { A, useNavigate } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

export function SurveysPage() {
  const [surveys, { refetch }] = createResource(() => call(api.surveys.$get()).then((r) => r.surveys))
  const canWrite = () => allowed('surveys:write')

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
          <AsyncView resource={surveys} loading="Loading surveys…" onRetry={refetch}>
            {(rows) => (
              <Show
                when={rows().length > 0}
                fallback={
                  <EmptyState title="No surveys yet">
                    <p>A new survey starts with three questions: NPS, CSAT and a comment. Change them as you like before publishing.</p>
                  </EmptyState>
                }
              >
                <div class="table-wrap">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Survey</th>
                        <th scope="col">Published</th>
                        <th scope="col" class="num">
                          Responses
                        </th>
                        <th scope="col">Last changed</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={rows()}>
                        {(s) => (
                          <tr>
                            <th scope="row">
                              <A href={`/surveys/${s.id}`}>{s.title}</A>
                            </th>
                            <td>
                              <Show when={s.published_version} fallback={<span class="tag">Not published</span>}>
                                Version {s.published_version}
                              </Show>
                            </td>
                            <td class="num">{s.responses}</td>
                            <td>{formatDate(s.updated_at)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            )}
          </AsyncView>
        </div>
      </div>
    </Page>
  )
}

function NewSurveyForm() {
  const navigate = useNavigate()
  const form = createSubmitter()
  const [title, setTitle] = createSignal('')
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const created = await form.run(() => call(api.surveys.$post({ json: { title: title() } })))
    if (!created) return focusFirstInvalid(formEl)
    navigate(`/surveys/${created.survey.id}`)
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2>New survey</h2>
      <TextField label="Title" value={title()} onInput={setTitle} error={form.fieldError('title')} hint="Customers see this title, e.g. “Your visit today”." required maxLength={200} />
      <FormFeedback error={form.error()} />
      <SubmitButton pending={form.pending()} label="Create survey" pendingLabel="Creating…" />
    </form>
  )
}
