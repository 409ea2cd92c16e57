import { A, useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { api, call, errorMessage } from '../lib/api.ts'
import { channelLabel, formatDateTime, getSurveyStats, listLinks, qrPngUrl, qrSvgUrl, STATE_LABELS, updateLink, type Link } from '../lib/links.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { CopyField } from '../components/copy-field.tsx'
import { Page } from '../components/page.tsx'
import { LinkForm } from '../components/links/link-form.tsx'
import { LinkStats, SurveyStatsCard } from '../components/links/link-stats.tsx'
import { InvitationList } from '../components/links/invitation-list.tsx'

type LinkStatus = Link['status']

const STATUS_WORDS: Record<LinkStatus, string> = { open: 'open', paused: 'paused', closed: 'closed' }

/** A survey's links in the survey editor: what is live, with the way to the links page. */
export function SurveyLinks(props: { surveyId: string; published: boolean }) {
  const [links, { refetch }] = createResource(() => props.surveyId, listLinks)
  return (
    <section class="card" aria-labelledby="links-title">
      <h2 id="links-title">Links</h2>
      <Show when={!props.published}>
        <p class="notice">Links open for answers once the survey is published. You can create them now.</p>
      </Show>
      <AsyncView resource={links} loading="Loading links…" onRetry={refetch}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<p class="hint">No links yet: create one to start collecting answers.</p>}>
            <ul class="link-summary">
              <For each={rows()}>
                {(link) => (
                  <li>
                    <span>{link.label}</span> <StateBadge state={link.state} /> <span class="muted">{responsesText(link)}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </AsyncView>
      <A class="button" href={`/surveys/${props.surveyId}/links`}>
        Share and manage links
      </A>
    </section>
  )
}

function StateBadge(props: { state: Link['state'] }) {
  return <span class={`tag tag-${props.state}`}>{STATE_LABELS[props.state] ?? props.state}</span>
}

function responsesText(link: Link): string {
  const n = `${link.responses} ${link.responses === 1 ? 'response' : 'responses'}`
  return link.responseCap ? `${link.responses} of ${link.responseCap} responses` : n
}

function datesText(link: Link): string {
  if (link.opensAt && link.closesAt) return `Open ${formatDateTime(link.opensAt)} to ${formatDateTime(link.closesAt)}`
  if (link.opensAt) return `Opens ${formatDateTime(link.opensAt)}`
  if (link.closesAt) return `Closes ${formatDateTime(link.closesAt)}`
  return ''
}

/** Sharing a survey: every link with its tags, settings, QR code, poster, invitations and statistics. */
export function SurveyLinksPage() {
  const params = useParams()
  const [survey] = createResource(
    () => params.id,
    (id) => call(api.surveys[':id'].$get({ param: { id } })),
  )
  const [links, { refetch }] = createResource(() => params.id, listLinks)
  const [stats, { refetch: refetchStats }] = createResource(() => params.id, (id) => getSurveyStats(id))
  const [locations] = createResource(() => call(api.locations.$get({ query: {} })).then((r) => r.locations.map((l) => ({ id: l.id, name: l.name }))))
  const [creating, setCreating] = createSignal(false)
  const [message, setMessage] = createSignal('')
  const canWrite = () => allowed('surveys:write')
  const title = () => survey()?.survey.title ?? 'Survey'
  const published = () => !!survey()?.versions.some((v) => v.status === 'published')

  const reload = () => {
    refetch()
    refetchStats()
  }

  return (
    <Page title={`Share “${title()}”`} lead="Links for receipts, SMS, email, QR codes and kiosks. Tag each with a location and channel to split results by where they came from.">
      <p class="breadcrumb">
        <A href={`/surveys/${params.id}`}>← Back to the survey</A>
      </p>
      <Show when={survey() && !published()}>
        <p class="notice">Links open for answers once the survey is published. You can create them now.</p>
      </Show>
      <h2>Links</h2>
      <Show when={canWrite()}>
        <Show
          when={creating()}
          fallback={
            <p>
              <button type="button" class="button primary" onClick={() => setCreating(true)}>
                New link
              </button>
            </p>
          }
        >
          <section class="card">
            <LinkForm
              surveyId={params.id!}
              locations={locations() ?? []}
              onCancel={() => setCreating(false)}
              onSaved={(link) => {
                setCreating(false)
                setMessage(`Link “${link.label}” created.`)
                reload()
              }}
            />
          </section>
        </Show>
      </Show>
      <p role="status" class="row-message">
        {message()}
      </p>
      <AsyncView resource={links} loading="Loading links…" onRetry={refetch}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<EmptyState title="No links yet"><p>Create a link to start collecting answers.</p></EmptyState>}>
            <ul class="link-list">
              <For each={rows()}>{(link) => <LinkItem surveyId={params.id!} link={link} locations={locations() ?? []} onChanged={(m) => (setMessage(m), reload())} />}</For>
            </ul>
          </Show>
        )}
      </AsyncView>
      <Show when={stats()}>{(s) => <SurveyStatsCard stats={s()} />}</Show>
    </Page>
  )
}

type Panel = 'edit' | 'qr' | 'stats' | 'invitations' | null

function LinkItem(props: { surveyId: string; link: Link; locations: { id: string; name: string }[]; onChanged: (message: string) => void }) {
  const [panel, setPanel] = createSignal<Panel>(null)
  const [error, setError] = createSignal('')
  const canWrite = () => allowed('surveys:write')
  const link = () => props.link
  const panelId = () => `link-panel-${link().id}`
  const toggle = (p: Panel) => setPanel(panel() === p ? null : p)

  const setStatus = async (status: LinkStatus) => {
    if (status === 'closed') {
      const ok = await confirmAction({
        title: `Close “${link().label}”?`,
        message: 'People who open this link will see that the survey has closed. Answers already given are kept. You can reopen it later.',
        confirmLabel: 'Close link',
        danger: true,
      })
      if (!ok) return
    }
    setError('')
    try {
      await updateLink(props.surveyId, link().id, { status })
      props.onChanged(`“${link().label}” is now ${STATUS_WORDS[status]}.`)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const PanelButton = (p: { panel: Exclude<Panel, null>; label: string }) => (
    <button type="button" class="button small" aria-expanded={panel() === p.panel} aria-controls={panelId()} onClick={() => toggle(p.panel)}>
      {p.label}
      <span class="sr-only"> of {link().label}</span>
    </button>
  )

  return (
    <li class="link-item" aria-labelledby={`link-${link().id}-title`}>
      <div class="link-head">
        <h3 id={`link-${link().id}-title`}>{link().label}</h3>
        <StateBadge state={link().state} />
        <Show when={link().kind === 'invitations'}>
          <span class="tag">Invitation list</span>
        </Show>
        <Show when={link().kiosk}>
          <span class="tag">Kiosk</span>
        </Show>
      </div>
      <p class="link-meta">
        {link().locationName ?? 'No location'} · {link().channel ? channelLabel(link().channel) : 'No channel'} · {responsesText(link())}
        <Show when={datesText(link())}> · {datesText(link())}</Show>
      </p>
      <p class="link-settings hint">
        {[link().identified ? 'Identified' : 'Anonymous', link().onePerDevice && !link().kiosk ? 'One response per device' : '', link().thankYou ? 'Own thank-you message' : '', link().redirectUrl ? `Then to ${link().redirectUrl}` : '']
          .filter(Boolean)
          .join(' · ')}
      </p>
      <Show when={link().kind === 'link'}>
        <CopyField label={`Address of the link “${link().label}”`} value={link().url} />
      </Show>
      <div class="link-actions">
        <Show when={canWrite()}>
          <PanelButton panel="edit" label="Edit" />
        </Show>
        <Show when={link().kind === 'link'}>
          <PanelButton panel="qr" label="QR code" />
          <A class="button small" href={`/surveys/${props.surveyId}/links/${link().id}/poster`}>
            Print poster<span class="sr-only"> for {link().label}</span>
          </A>
        </Show>
        <Show when={link().kind === 'invitations'}>
          <PanelButton panel="invitations" label="Invitations" />
        </Show>
        <PanelButton panel="stats" label="Statistics" />
        <Show when={canWrite()}>
          <Show when={link().status === 'open'}>
            <button type="button" class="button small" onClick={() => setStatus('paused')}>
              Pause<span class="sr-only"> {link().label}</span>
            </button>
          </Show>
          <Show when={link().status === 'paused'}>
            <button type="button" class="button small" onClick={() => setStatus('open')}>
              Resume<span class="sr-only"> {link().label}</span>
            </button>
          </Show>
          <Show when={link().status !== 'closed'}>
            <button type="button" class="button small subtle-danger" onClick={() => setStatus('closed')}>
              Close<span class="sr-only"> {link().label}</span>
            </button>
          </Show>
          <Show when={link().status === 'closed'}>
            <button type="button" class="button small" onClick={() => setStatus('open')}>
              Reopen<span class="sr-only"> {link().label}</span>
            </button>
          </Show>
        </Show>
        <Show when={link().kind === 'link'}>
          <a class="button small" href={link().url} target="_blank" rel="noopener">
            Open<span class="sr-only"> {link().label} in a new tab</span>
          </a>
        </Show>
      </div>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div id={panelId()} class="link-panel" hidden={!panel()}>
        <Show when={panel() === 'edit'}>
          <LinkForm
            surveyId={props.surveyId}
            link={link()}
            locations={props.locations}
            onCancel={() => setPanel(null)}
            onSaved={(saved) => {
              setPanel(null)
              props.onChanged(`“${saved.label}” saved.`)
            }}
          />
        </Show>
        <Show when={panel() === 'qr'}>
          <div class="qr-panel">
            <img class="qr-preview" src={qrSvgUrl(props.surveyId, link().id, true)} alt={`QR code for ${link().url}`} width="200" height="200" />
            <div>
              <p class="hint">Print it on receipts, table cards or posters. It opens {link().url}.</p>
              <div class="button-row">
                <a class="button small" href={qrSvgUrl(props.surveyId, link().id)} download="">
                  Download SVG<span class="sr-only"> QR code of {link().label}</span>
                </a>
                <a class="button small" href={qrPngUrl(props.surveyId, link().id)} download="">
                  Download PNG<span class="sr-only"> QR code of {link().label}</span>
                </a>
              </div>
            </div>
          </div>
        </Show>
        <Show when={panel() === 'stats'}>
          <LinkStats surveyId={props.surveyId} linkId={link().id} label={link().label} />
        </Show>
        <Show when={panel() === 'invitations'}>
          <InvitationList surveyId={props.surveyId} linkId={link().id} label={link().label} />
        </Show>
      </div>
    </li>
  )
}
