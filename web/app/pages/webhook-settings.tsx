import { A } from '@solidjs/router'
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js'
import { ALERT_KIND_LABELS, WEBHOOK_RETRY_MINUTES, ZWebhookInput, type AlertKind } from '../../../shared/alerts.ts'
import { api, call, errorMessage } from '../lib/api.ts'
import { checkWith, createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { FormFeedback, SubmitButton, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'

type Settings = Awaited<ReturnType<typeof loadSettings>>
type Delivery = Settings['deliveries'][number]

function loadSettings() {
  return call(api.settings.webhook.$get())
}

function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

const STATUS_TEXT: Record<Delivery['status'], { label: string; tag: string }> = {
  pending: { label: 'Pending', tag: 'tag-draft' },
  delivered: { label: 'Delivered', tag: 'tag-open' },
  failed: { label: 'Failed', tag: 'tag-closed' },
}

const retrySchedule = WEBHOOK_RETRY_MINUTES.map((m) => (m < 60 ? `${m} min` : `${m / 60} h`)).join(', ')

/** Admins: the outgoing webhook every alert is POSTed to, its signing secret and the delivery log. */
export function WebhookSettingsPage() {
  const [settings, { refetch }] = createResource(loadSettings)
  const [secret, setSecret] = createSignal<{ value: string; why: string } | null>(null)
  const [message, setMessage] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const configured = () => !!settings.latest?.url

  // While a delivery is about to be tried, the log refreshes itself every 10 seconds.
  createEffect(() => {
    const soon = Date.now() + 60_000
    const waiting = settings.latest?.deliveries.some((d) => d.status === 'pending' && d.nextAttemptAt !== null && Date.parse(d.nextAttemptAt) <= soon)
    if (!waiting) return
    const timer = setInterval(() => void refetch(), 10_000)
    onCleanup(() => clearInterval(timer))
  })

  const act = async (work: () => Promise<string>) => {
    if (busy()) return
    setBusy(true)
    try {
      setMessage(await work())
    } catch (err) {
      setMessage(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const rotate = async () => {
    const ok = await confirmAction({
      title: 'Rotate the signing secret?',
      message: 'The current secret stops working straight away: every delivery from now on is signed with the new one. Update your receiving system as soon as you have copied it.',
      confirmLabel: 'Rotate secret',
      danger: true,
    })
    if (!ok) return
    await act(async () => {
      const r = await call(api.settings.webhook['rotate-secret'].$post())
      setSecret({ value: r.secret, why: 'Your new signing secret' })
      return 'A new signing secret was created.'
    })
  }

  const remove = async () => {
    const ok = await confirmAction({
      title: 'Remove the webhook?',
      message: 'Alerts stop being sent to this address and deliveries still waiting are given up. Alerts still appear in Yardstick. The signing secret is deleted too.',
      confirmLabel: 'Remove webhook',
      danger: true,
    })
    if (!ok) return
    await act(async () => {
      await call(api.settings.webhook.$delete())
      setSecret(null)
      await refetch()
      return 'The webhook was removed.'
    })
  }

  const sendTest = () =>
    act(async () => {
      await call(api.settings.webhook.test.$post())
      await refetch()
      return 'A test delivery was queued: it is sent shortly, and its result appears in the delivery log.'
    })

  return (
    <Page title="Webhook" lead="Send every alert to another system (chat, ticketing, on-call) as a signed HTTPS POST.">
      <p>
        <A href="/notifications">Back to alerts</A>
      </p>
      <AsyncView resource={settings} loading="Loading webhook settings…" onRetry={refetch}>
        {(s) => (
          <div class="layout-halves">
            <div class="card">
              <WebhookForm
                url={s().url}
                onSaved={async (_url, newSecret) => {
                  if (newSecret) setSecret({ value: newSecret, why: 'Your signing secret' })
                  setMessage('')
                  await refetch()
                }}
              />
              <Show when={secret()}>
                {(shown) => (
                  <div class="notice secret-once" role="region" aria-labelledby="secret-heading">
                    <h3 id="secret-heading">{shown().why}</h3>
                    <p>Copy it now: it is shown only this once. Your system uses it to check the x-yardstick-signature header of every delivery.</p>
                    <CopyField label="Signing secret" value={shown().value} />
                    <button type="button" class="button small spaced" onClick={() => setSecret(null)}>
                      I have copied it
                    </button>
                  </div>
                )}
              </Show>
              <Show when={configured()}>
                <h3 class="spaced">Signing secret</h3>
                <p class="muted">{s().secretSet ? 'Set. It is never shown again; rotate it if it may have leaked.' : 'Not set.'}</p>
                <div class="button-row start">
                  <button type="button" class="button" onClick={sendTest} disabled={busy()}>
                    Send test
                  </button>
                  <button type="button" class="button" onClick={rotate} disabled={busy()}>
                    Rotate secret
                  </button>
                  <button type="button" class="button subtle-danger" onClick={remove} disabled={busy()}>
                    Remove webhook
                  </button>
                </div>
              </Show>
              <p role="status" class="row-message">
                {message()}
              </p>
              <details class="details spaced">
                <summary>How deliveries work</summary>
                <p>
                  Each alert is POSTed as JSON with the headers x-yardstick-signature (sha256= and the hex HMAC-SHA256 of the body, keyed with your secret) and x-yardstick-delivery (the
                  delivery's id). Answer with any 2xx status within 10 seconds. Redirects are not followed. A failed delivery is tried again after {retrySchedule}, then given up.
                </p>
              </details>
            </div>
            <div class="card">
              <div class="list-toolbar">
                <h2>Delivery log</h2>
                <button type="button" class="button small" onClick={() => void refetch()} disabled={settings.loading}>
                  {settings.loading ? 'Refreshing…' : 'Refresh'}
                </button>
              </div>
              <DeliveryLog deliveries={s().deliveries} />
            </div>
          </div>
        )}
      </AsyncView>
    </Page>
  )
}

function WebhookForm(props: { url: string; onSaved: (url: string, secret: string | null) => void | Promise<void> }) {
  const form = createSubmitter()
  // Seeded once from the saved address; later saves keep what was typed.
  const [url, setUrl] = createSignal(props.url)
  let formEl: HTMLFormElement | undefined

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const json = checkWith(form, ZWebhookInput, { url: url() })
    if (!json) return focusFirstInvalid(formEl)
    const saved = await form.run(() => call(api.settings.webhook.$put({ json })), { success: 'Webhook saved.' })
    if (!saved) return focusFirstInvalid(formEl)
    setUrl(saved.url)
    await props.onSaved(saved.url, saved.secret)
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate>
      <h2>Address</h2>
      <TextField
        label="Webhook URL"
        type="url"
        value={url()}
        onInput={setUrl}
        error={form.fieldError('url')}
        hint="An https:// address on the public internet, e.g. https://hooks.example.com/yardstick. Private and local addresses are refused."
        placeholder="https://"
        autocomplete="off"
        required
        maxLength={2000}
      />
      <FormFeedback error={form.error()} success={form.success()} />
      <SubmitButton pending={form.pending()} label={props.url ? 'Save address' : 'Set up webhook'} />
    </form>
  )
}

function DeliveryLog(props: { deliveries: Delivery[] }) {
  return (
    <Show
      when={props.deliveries.length > 0}
      fallback={
        <EmptyState title="No deliveries yet">
          <p>Every alert sent to the webhook, and every test, is listed here with its result.</p>
        </EmptyState>
      }
    >
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">The latest 50 deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">Alert</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last response</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.deliveries}>
              {(d) => (
                <tr>
                  <td class="nowrap">
                    <time datetime={d.createdAt}>{formatWhen(d.createdAt)}</time>
                  </td>
                  <th scope="row">
                    <span class="tag">{ALERT_KIND_LABELS[d.kind as AlertKind | 'test'] ?? d.kind}</span> {d.title}
                  </th>
                  <td>
                    <span class={`tag ${STATUS_TEXT[d.status].tag}`}>{STATUS_TEXT[d.status].label}</span>
                    <Show when={d.status === 'pending' && d.nextAttemptAt}>
                      {(at) => <div class="muted small">Next try {formatWhen(at())}</div>}
                    </Show>
                    <Show when={d.deliveredAt}>{(at) => <div class="muted small">{formatWhen(at())}</div>}</Show>
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    <Show when={d.lastStatus !== null} fallback={<Show when={!d.lastError}>—</Show>}>
                      HTTP {d.lastStatus}
                    </Show>
                    <Show when={d.lastError}>
                      <div class="small">{d.lastError}</div>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  )
}
