import { A, useSearchParams } from '@solidjs/router'
import { batch, createEffect, createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { api, call, errorMessage } from '../lib/api.ts'
import { formatDate, plural } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView, EmptyState } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { SelectField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { commentsApi, CORRECTIONS_URL, type CommentRow } from '../components/comments/api.ts'
import { HighlightedText, LabelChip, ThemeChips } from '../components/comments/chips.tsx'
import { CorrectionDialog } from '../components/comments/correction-dialog.tsx'
import { RetagPanel } from '../components/comments/retag-progress.tsx'
import { ThemeSummaryPanel } from '../components/comments/theme-summary.tsx'
import { formatScore, LABEL_TEXT, LABELS, THEME_IDS, themeName, type CommentFilters, type SentimentLabel } from '../components/comments/types.ts'

/** Filters as they appear in the address, so a view can be bookmarked and shared. */
const KEYS = ['label', 'theme', 'location', 'survey', 'template', 'source', 'from', 'to', 'min', 'max', 'q'] as const
type Key = (typeof KEYS)[number]

const param = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined
const cleared = Object.fromEntries(KEYS.map((k) => [k, undefined])) as Record<Key, undefined>


/** Every free-text answer and audit narrative, with its sentiment and themes, and a manager's corrections. */
export function CommentsPage() {
  const [params, setParams] = useSearchParams()
  const canCorrect = () => allowed('comments:correct')

  const filters = createMemo<CommentFilters>(() => ({
    label: ([...LABELS, 'unknown'] as const).find((l) => l === param(params.label)),
    theme: THEME_IDS.find((t) => t === param(params.theme)),
    locationId: param(params.location),
    surveyId: param(params.survey),
    templateId: param(params.template),
    source: (['survey', 'audit'] as const).find((s) => s === param(params.source)),
    from: param(params.from),
    to: param(params.to),
    minScore: param(params.min),
    maxScore: param(params.max),
    q: param(params.q),
  }))
  const anyFilter = () => KEYS.some((k) => param(params[k]))
  // The theme panel covers every theme of the selection, whichever one the list is narrowed to.
  const summaryFilters = createMemo<CommentFilters>(() => ({ ...filters(), theme: undefined }))

  const [firstPage, { refetch }] = createResource(filters, (f) => commentsApi.list(f))
  const [summary, { refetch: refetchSummary }] = createResource(summaryFilters, (f) => commentsApi.themes(f))
  const [locations] = createResource(() => call(api.locations.$get({ query: { archived: 'include' } })).then((r) => r.locations))
  const [surveys] = createResource(() => call(api.surveys.$get()).then((r) => r.surveys))
  const [templates] = createResource(() => call(api['audit-templates'].$get()).then((r) => r.templates))

  const [items, setItems] = createSignal<CommentRow[]>([])
  const [cursor, setCursor] = createSignal<string | null>(null)
  const [total, setTotal] = createSignal(0)
  const [loadingMore, setLoadingMore] = createSignal(false)
  const [moreError, setMoreError] = createSignal('')
  const [message, setMessage] = createSignal('')
  const [editing, setEditing] = createSignal<CommentRow | null>(null)

  createEffect(() => {
    const page = firstPage()
    if (!page) return
    batch(() => {
      setItems(page.comments)
      setCursor(page.nextCursor)
      setTotal(page.total)
      setMoreError('')
    })
  })

  const loadMore = async () => {
    const next = cursor()
    if (!next || loadingMore()) return
    setLoadingMore(true)
    setMoreError('')
    const before = items().length
    try {
      const page = await commentsApi.list(filters(), next)
      batch(() => {
        setItems((list) => [...list, ...page.comments.filter((c) => !list.some((x) => x.id === c.id))])
        setCursor(page.nextCursor)
        setTotal(page.total)
      })
      // Keyboard users carry on from the first comment that arrived.
      document.getElementById(`comment-${items()[before]?.id}`)?.focus()
    } catch (err) {
      setMoreError(errorMessage(err))
    } finally {
      setLoadingMore(false)
    }
  }

  const replace = (updated: CommentRow) => setItems((list) => list.map((c) => (c.id === updated.id ? updated : c)))

  const saveCorrection = async (c: CommentRow, change: { label: SentimentLabel; themes: string[] }) => {
    const updated = await commentsApi.correct(c.id, change)
    replace(updated)
    setMessage(`Correction saved: ${LABEL_TEXT[change.label]}${change.themes.length ? `, ${change.themes.map(themeName).join(', ')}` : ', no theme'}.`)
    void refetchSummary()
  }

  const undo = async (c: CommentRow) => {
    const ok = await confirmAction({
      title: 'Undo this correction?',
      message: `The comment goes back to the tagger’s result: ${c.tagger.label ? LABEL_TEXT[c.tagger.label] : 'not tagged'}${c.tagger.themes.length ? `, ${c.tagger.themes.map(themeName).join(', ')}` : ', no theme'}.`,
      confirmLabel: 'Undo correction',
      danger: true,
    })
    if (!ok) return
    try {
      const updated = await commentsApi.undo(c.id)
      replace(updated)
      setMessage('Correction undone: the comment shows the tagger’s result again.')
      void refetchSummary()
      document.getElementById(`correct-${c.id}`)?.focus()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  /** A respondent's request to be forgotten: the whole response goes, and its counts leave every figure. */
  const erase = async (c: CommentRow) => {
    const ok = await confirmAction({
      title: 'Erase this response?',
      message: 'The whole survey response is deleted — every answer and comment — and its counts leave every figure. A follow-up case it opened keeps its record without the customer’s words. This cannot be undone.',
      confirmLabel: 'Erase the response',
      danger: true,
    })
    if (!ok) return
    try {
      await call(api.responses[':id'].$delete({ param: { id: c.sourceId } }))
      setItems((list) => list.filter((x) => !(x.source === 'survey' && x.sourceId === c.sourceId)))
      setMessage('The response was erased.')
      void refetchSummary()
    } catch (err) {
      setMessage(errorMessage(err))
    }
  }

  // Typed fields apply on “Apply” (or Enter); lists apply as soon as they change.
  const [from, setFrom] = createSignal('')
  const [to, setTo] = createSignal('')
  const [min, setMin] = createSignal('')
  const [max, setMax] = createSignal('')
  const [q, setQ] = createSignal('')
  const [filterErrors, setFilterErrors] = createSignal<Partial<Record<Key, string>>>({})
  createEffect(() => {
    setFrom(param(params.from) ?? '')
    setTo(param(params.to) ?? '')
    setMin(param(params.min) ?? '')
    setMax(param(params.max) ?? '')
    setQ(param(params.q) ?? '')
  })

  const setFilter = (key: Key) => (value: string) => setParams({ [key]: value || undefined })

  const apply = (e: SubmitEvent) => {
    e.preventDefault()
    const errors: Partial<Record<Key, string>> = {}
    const score = (v: string) => v === '' || (Number.isFinite(Number(v)) && Number(v) >= -1 && Number(v) <= 1)
    if (!score(min())) errors.min = 'must be a number from −1 to 1'
    if (!score(max())) errors.max = 'must be a number from −1 to 1'
    if (!errors.min && !errors.max && min() !== '' && max() !== '' && Number(min()) > Number(max())) errors.max = 'must not be below “Score from”'
    if (from() && to() && from() > to()) errors.to = 'must not be before “From”'
    setFilterErrors(errors)
    if (Object.keys(errors).length) {
      document.querySelector<HTMLElement>('.comment-filters [aria-invalid="true"]')?.focus()
      return
    }
    setParams({ from: from() || undefined, to: to() || undefined, min: min() || undefined, max: max() || undefined, q: q().trim() || undefined })
  }

  return (
    <Page
      title="Comments"
      lead="Every free-text survey answer and mystery-shop narrative, tagged positive, neutral, negative or mixed, with the themes it is about."
      actions={
        <Show when={canCorrect()}>
          <a class="button" href={CORRECTIONS_URL} download="">
            Export corrections (JSONL)
          </a>
        </Show>
      }
    >
      <Show when={canCorrect()}>
        <RetagPanel
          onFinished={() => {
            void refetch()
            void refetchSummary()
          }}
        />
      </Show>

      <form class="card filters comment-filters" aria-label="Filter comments" onSubmit={apply}>
        <SelectField
          label="Sentiment"
          value={filters().label ?? ''}
          onChange={setFilter('label')}
          options={[{ value: '', label: 'Any sentiment' }, ...LABELS.map((l) => ({ value: l, label: LABEL_TEXT[l] })), { value: 'unknown', label: 'Not tagged (not English)' }]}
        />
        <SelectField label="Theme" value={filters().theme ?? ''} onChange={setFilter('theme')} options={[{ value: '', label: 'Any theme' }, ...THEME_IDS.map((t) => ({ value: t, label: themeName(t) }))]} />
        <SelectField
          label="Location"
          value={filters().locationId ?? ''}
          onChange={setFilter('location')}
          options={[{ value: '', label: 'All locations' }, ...(locations.latest ?? []).filter((l) => !l.archived_at || l.id === filters().locationId).map((l) => ({ value: l.id, label: l.name }))]}
        />
        <SelectField
          label="Source"
          value={filters().source ?? ''}
          onChange={setFilter('source')}
          options={[
            { value: '', label: 'Surveys and audits' },
            { value: 'survey', label: 'Survey answers' },
            { value: 'audit', label: 'Audit narratives' },
          ]}
        />
        <SelectField label="Survey" value={filters().surveyId ?? ''} onChange={setFilter('survey')} options={[{ value: '', label: 'All surveys' }, ...(surveys.latest ?? []).map((s) => ({ value: s.id, label: s.title }))]} />
        <SelectField
          label="Audit template"
          value={filters().templateId ?? ''}
          onChange={setFilter('template')}
          options={[{ value: '', label: 'All templates' }, ...(templates.latest ?? []).map((t) => ({ value: t.id, label: t.title }))]}
        />
        <TextField label="From" type="date" value={from()} onInput={setFrom} error={filterErrors().from} />
        <TextField label="To" type="date" value={to()} onInput={setTo} error={filterErrors().to} />
        <TextField label="Score from" type="number" step="0.1" min="-1" max="1" inputMode="decimal" value={min()} onInput={setMin} error={filterErrors().min} hint="−1 to 1" />
        <TextField label="Score to" type="number" step="0.1" min="-1" max="1" inputMode="decimal" value={max()} onInput={setMax} error={filterErrors().max} hint="−1 to 1" />
        <TextField label="Words" type="search" value={q()} onInput={setQ} hint="Comments containing these words" />
        <div class="form-actions filter-actions">
          <button type="submit" class="button primary">
            Apply
          </button>
          <Show when={anyFilter()}>
            <button type="button" class="button" onClick={() => setParams(cleared)}>
              Clear filters
            </button>
          </Show>
        </div>
      </form>

      <div class="comments-layout">
        <section class="card comments-list-card" aria-labelledby="comments-title" aria-busy={firstPage.loading ? 'true' : 'false'}>
          <div class="list-toolbar">
            <h2 id="comments-title">
              Comments
              <Show when={firstPage.state === 'ready' || firstPage.state === 'refreshing'}>
                <span class="count"> ({total().toLocaleString('en-GB')})</span>
              </Show>
            </h2>
            <Show when={firstPage.state === 'refreshing'}>
              <span class="loading">Updating…</span>
            </Show>
          </div>
          <p role="status" class="row-message">
            {message()}
          </p>
          <AsyncView resource={firstPage} loading="Loading comments…" onRetry={refetch}>
            {() => (
              <Show
                when={items().length > 0}
                fallback={
                  <Show
                    when={!anyFilter()}
                    fallback={
                      <EmptyState title="No comments match these filters">
                        <p>Try a longer period, another sentiment or fewer filters.</p>
                        <p>
                          <button type="button" class="button" onClick={() => setParams(cleared)}>
                            Clear filters
                          </button>
                        </p>
                      </EmptyState>
                    }
                  >
                    <EmptyState title="No comments yet">
                      <p>
                        Comments arrive with survey answers to free-text questions and with approved mystery-shop narratives. Add a comment question to a <A href="/surveys">survey</A> and share its link.
                      </p>
                    </EmptyState>
                  </Show>
                }
              >
                <p class="hint" id="comments-count">
                  Showing {plural(items().length, 'comment', 'comments')} of {total().toLocaleString('en-GB')}. Highlighted words drove the sentiment.
                </p>
                <ol class="comment-list" aria-describedby="comments-count">
                  <For each={items()}>{(c) => <CommentItem comment={c} canCorrect={canCorrect()} canErase={allowed('surveys:write')} onCorrect={() => setEditing(c)} onUndo={() => void undo(c)} onErase={() => void erase(c)} />}</For>
                </ol>
                <Show when={moreError()}>
                  <p class="form-error" role="alert">
                    {moreError()}
                  </p>
                </Show>
                <Show when={cursor()}>
                  <p class="button-row">
                    <button type="button" class="button" onClick={loadMore} disabled={loadingMore()} aria-disabled={loadingMore()}>
                      {loadingMore() ? 'Loading…' : `Load more (${(total() - items().length).toLocaleString('en-GB')} left)`}
                    </button>
                  </p>
                </Show>
              </Show>
            )}
          </AsyncView>
        </section>

        <section class="card theme-summary-card" aria-labelledby="themes-title">
          <h2 id="themes-title">Themes</h2>
          <p class="hint">How many comments are about each theme and how many of them are negative. Choose a theme to list its comments.</p>
          <AsyncView resource={summary} loading="Loading themes…" onRetry={refetchSummary}>
            {(s) => <ThemeSummaryPanel summary={s()} selected={filters().theme} onSelect={(t) => setParams({ theme: t })} />}
          </AsyncView>
        </section>
      </div>

      <CorrectionDialog comment={editing()} onClose={() => setEditing(null)} onSave={saveCorrection} />
    </Page>
  )
}

const snippet = (text: string) => (text.length > 40 ? `${text.slice(0, 40).trimEnd()}…` : text)

function CommentItem(props: { comment: CommentRow; canCorrect: boolean; canErase: boolean; onCorrect: () => void; onUndo: () => void; onErase: () => void }) {
  const c = () => props.comment
  const sourceText = () => (c().source === 'audit' ? 'Audit' : 'Survey')
  return (
    <li class="comment-item" id={`comment-${c().id}`} tabindex="-1">
      <div class="comment-head">
        <LabelChip label={c().label} language={c().language} />
        <span class="comment-score">
          {c().corrected ? 'Tagger’s score' : 'Score'} <span class="num">{c().label === null && c().tagger.label === null ? '—' : formatScore(c().score)}</span>
        </span>
        <Show when={c().corrected}>
          {(k) => (
            <span class="tag tag-corrected">
              {k().by ? `Corrected by ${k().by}` : 'Corrected'}
              <span class="sr-only"> on {formatDate(k().at)}</span>
            </span>
          )}
        </Show>
      </div>
      <blockquote class="comment-text" lang={c().language && c().language !== 'und' ? c().language : undefined}>
        <HighlightedText text={c().text} evidence={c().label === null ? [] : c().evidence} />
      </blockquote>
      <ThemeChips themes={c().themes} />
      <p class="comment-meta">
        <span>{c().locationName ?? 'No location'}</span>
        <span>
          {sourceText()}: {c().formTitle}
        </span>
        <span>
          {c().source === 'audit' ? 'Item' : 'Question'}: {c().fieldLabel}
        </span>
        <span>{formatDate(c().at)}</span>
        <Show when={c().link}>
          {(href) => (
            <A href={href()}>
              {c().source === 'audit' ? 'Open the audit' : 'Open the survey'}
              <span class="sr-only">
                {' '}
                “{c().formTitle}” this comment came from
              </span>
            </A>
          )}
        </Show>
      </p>
      <Show when={props.canCorrect || (props.canErase && c().source === 'survey')}>
        <div class="form-actions comment-actions">
          <Show when={props.canCorrect}>
            <button type="button" class="button small" id={`correct-${c().id}`} onClick={props.onCorrect} aria-haspopup="dialog">
              Correct<span class="sr-only"> the sentiment and themes of “{snippet(c().text)}”</span>
            </button>
            <Show when={c().corrected}>
              <button type="button" class="button small subtle-danger" id={`undo-${c().id}`} onClick={props.onUndo}>
                Undo correction
              </button>
            </Show>
          </Show>
          <Show when={props.canErase && c().source === 'survey'}>
            <button type="button" class="button small subtle-danger" onClick={props.onErase}>
              Erase the response<span class="sr-only"> “{snippet(c().text)}” came with</span>
            </button>
          </Show>
        </div>
      </Show>
    </li>
  )
}
