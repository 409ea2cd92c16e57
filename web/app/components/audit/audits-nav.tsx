import { A } from '@solidjs/router'
import { createResource, createSignal, Show } from 'solid-js'
import { api, call } from '../../lib/api.ts'
import { allowed } from '../../lib/session.ts'

const [queueVersion, setQueueVersion] = createSignal(0)

/** Tells the navigation the review queue has changed (an audit approved, returned or rejected). */
export function reviewQueueChanged(): void {
  setQueueVersion((v) => v + 1)
}

/** The audits area's own navigation: assignments, templates, the review queue (with its length) and results. */
export function AuditsNav() {
  const [queue] = createResource(
    () => (allowed('audits:review') ? queueVersion() + 1 : false),
    () => call(api.reviews.$get()).then((r) => r.queue.length),
  )
  return (
    <nav class="sub-nav" aria-label="Audits">
      <ul>
        <li>
          <A href="/audits" end activeClass="active">
            Assignments
          </A>
        </li>
        <li>
          <A href="/audits/templates" activeClass="active">
            Templates
          </A>
        </li>
        <Show when={allowed('audits:review')}>
          <li>
            <A href="/audits/review" activeClass="active">
              Review queue
              <Show when={queue.state === 'ready' ? queue() : undefined}>
                {(n) => (
                  <span class="count-pill">
                    {n()}
                    <span class="sr-only"> waiting</span>
                  </span>
                )}
              </Show>
            </A>
          </li>
        </Show>
        <li>
          <A href="/audits/results" activeClass="active">
            Results
          </A>
        </li>
      </ul>
    </nav>
  )
}
