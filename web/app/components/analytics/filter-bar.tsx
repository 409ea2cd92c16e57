import { A, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js'
import { api, call } from '../../lib/api.ts'
import { SelectField, TextField } from '../fields.tsx'
import { carriedQuery, param, periodOf, PERIODS, presetDates, SEGMENT_KEYS, SEGMENTS, segmentOf, type PeriodPreset, type SegmentKey } from './api.ts'
import './analytics.css'

/** Board · Trends · Breakdowns · Why, carrying the period and filters from one to the next. */
export function AnalyticsTabs() {
  const [params] = useSearchParams()
  const tabs = [
    { href: '/', label: 'Board' },
    { href: '/analytics/trend', label: 'Trends' },
    { href: '/analytics/breakdown', label: 'Breakdowns' },
    { href: '/analytics/why', label: 'Why' },
  ]
  return (
    <nav class="sub-nav" aria-label="Analytics">
      <ul>
        <For each={tabs}>
          {(t) => (
            <li>
              <A href={`${t.href}${carriedQuery(params)}`} end activeClass="active">
                {t.label}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  )
}

/**
 * The period and filters every analytics page shares, kept in the address. Lists apply as soon as
 * they change, typed values on "Apply". One segment at a time (link or channel, language, survey
 * version): choosing one clears the others, as the API allows only one.
 */
export function AnalyticsFilterBar(props: { children?: JSX.Element; label?: string }) {
  const [params, setParams] = useSearchParams()
  const preset = () => periodOf(params)
  const segment = createMemo(() => segmentOf(params))
  const surveyId = () => param(params.surveyId)
  const [segmentKind, setSegmentKind] = createSignal<SegmentKey | ''>('')
  createEffect(() => setSegmentKind(segment()?.key ?? ''))

  const [locations] = createResource(() => call(api.locations.$get({ query: { archived: 'include' } })).then((r) => r.locations))
  const [surveys] = createResource(() => call(api.surveys.$get()).then((r) => r.surveys))
  const [links] = createResource(surveyId, (id) => call(api.surveys[':id'].collectors.$get({ param: { id } })).then((r) => r.collectors))
  const [versions] = createResource(surveyId, (id) => call(api.surveys[':id'].$get({ param: { id } })).then((r) => r.versions.filter((v) => v.status !== 'draft')))

  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const [typed, setTyped] = createSignal('')
  const [error, setError] = createSignal('')
  createEffect(() => {
    const dates = presetDates(preset())
    setFrom(dates?.from ?? param(params.from) ?? '')
    setTo(dates?.to ?? param(params.to) ?? '')
    setTyped(segment()?.key === 'channel' || segment()?.key === 'language' ? segment()!.value : '')
  })

  const clearedSegments = Object.fromEntries(SEGMENT_KEYS.map((k) => [k, undefined])) as Record<SegmentKey, undefined>

  const choosePeriod = (value: string) => {
    const p = value as PeriodPreset
    if (p === 'custom') setParams({ period: 'custom', from: from() || undefined, to: to() || undefined })
    else setParams({ period: p === '90d' ? undefined : p, from: undefined, to: undefined })
  }
  const chooseSegmentKind = (value: string) => {
    setSegmentKind(value as SegmentKey | '')
    setTyped('')
    // Only the kind changed: the previous segment no longer applies.
    setParams({ ...clearedSegments })
  }
  const chooseSegmentValue = (key: SegmentKey) => (value: string) => setParams({ ...clearedSegments, [key]: value || undefined })
  const chooseSurvey = (value: string) => {
    // Links and versions belong to a survey: a new survey drops them.
    const drop = segment()?.key === 'collectorId' || segment()?.key === 'versionId' ? clearedSegments : {}
    setParams({ ...drop, surveyId: value || undefined })
  }

  const apply = (e: SubmitEvent) => {
    e.preventDefault()
    if (preset() === 'custom') {
      if (from() && to() && from() > to()) {
        setError('must not be after “To”')
        return
      }
    }
    setError('')
    const next: Record<string, string | undefined> = {}
    if (preset() === 'custom') Object.assign(next, { from: from() || undefined, to: to() || undefined })
    const kind = segmentKind()
    if (kind === 'channel' || kind === 'language') Object.assign(next, clearedSegments, { [kind]: typed().trim() || undefined })
    setParams(next)
  }

  const linkOptions = () => [{ value: '', label: 'Choose a link' }, ...(links.latest ?? []).map((l) => ({ value: l.id, label: l.label || l.id }))]
  const versionOptions = () => [{ value: '', label: 'Choose a version' }, ...(versions.latest ?? []).map((v) => ({ value: v.id, label: `Version ${v.version}` }))]
  const channels = () => [...new Set((links.latest ?? []).map((l) => l.channel).filter(Boolean))]

  return (
    <form class="card filters analytics-filters" onSubmit={apply} aria-label={props.label ?? 'Period and filters'}>
      <SelectField label="Period" value={preset()} onChange={choosePeriod} options={PERIODS} />
      <Show when={preset() === 'custom'}>
        <TextField label="From" type="date" value={from()} onInput={setFrom} error={error() || undefined} />
        <TextField label="To" type="date" value={to()} onInput={setTo} />
      </Show>
      <SelectField
        label="Location"
        value={param(params.locationId) ?? ''}
        onChange={(v) => setParams({ locationId: v || undefined })}
        options={[{ value: '', label: 'All locations' }, ...(locations.latest ?? []).filter((l) => !l.archived_at || l.id === param(params.locationId)).map((l) => ({ value: l.id, label: l.name }))]}
      />
      <SelectField label="Survey" value={surveyId() ?? ''} onChange={chooseSurvey} options={[{ value: '', label: 'All surveys' }, ...(surveys.latest ?? []).map((s) => ({ value: s.id, label: s.title }))]} />
      <SelectField label="Segment" value={segmentKind()} onChange={chooseSegmentKind} options={SEGMENTS} hint="One at a time" />
      <Show when={segmentKind() === 'collectorId'}>
        <Show when={surveyId()} fallback={<p class="hint filter-note">Choose a survey to pick one of its links.</p>}>
          <SelectField label="Link" value={segment()?.key === 'collectorId' ? segment()!.value : ''} onChange={chooseSegmentValue('collectorId')} options={linkOptions()} />
        </Show>
      </Show>
      <Show when={segmentKind() === 'versionId'}>
        <Show when={surveyId()} fallback={<p class="hint filter-note">Choose a survey to pick one of its versions.</p>}>
          <SelectField label="Version" value={segment()?.key === 'versionId' ? segment()!.value : ''} onChange={chooseSegmentValue('versionId')} options={versionOptions()} />
        </Show>
      </Show>
      <Show when={segmentKind() === 'channel'}>
        <TextField label="Channel" value={typed()} onInput={setTyped} list="analytics-channels" hint="A links’ channel tag, e.g. email" />
        <datalist id="analytics-channels">
          <For each={channels()}>{(c) => <option value={c} />}</For>
        </datalist>
      </Show>
      <Show when={segmentKind() === 'language'}>
        <TextField label="Language" value={typed()} onInput={setTyped} hint="A code such as en or fr" />
      </Show>
      {props.children}
      <Show when={preset() === 'custom' || segmentKind() === 'channel' || segmentKind() === 'language'}>
        <button type="submit" class="button primary">
          Apply
        </button>
      </Show>
    </form>
  )
}

/** A button that downloads a table as CSV. */
export function CsvButton(props: { onClick: () => void; label?: string }) {
  return (
    <button type="button" class="button small" onClick={() => props.onClick()}>
      {props.label ?? 'Download CSV'}
    </button>
  )
}
