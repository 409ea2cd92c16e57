import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Index, Show } from 'solid-js'
import { createStore, produce, reconcile, unwrap } from 'solid-js/store'
import { AUDIT_ITEM_LABELS, AUDIT_ITEM_TYPES, ZAuditTemplateDefinition, type AuditItemType, type TAuditItem, type TAuditSection, type TAuditTemplateDefinition } from '../../../shared/audit/template.ts'
import { api, call, type StandardRow } from '../lib/api.ts'
import { createDraftSave, focusElement, guardUnsavedChanges } from '../lib/draft-editor.ts'
import { createSubmitter } from '../lib/form.ts'
import { formatDate } from '../lib/format.ts'
import { allowed } from '../lib/session.ts'
import { AsyncView } from '../components/async-view.tsx'
import { confirmAction } from '../components/confirm-dialog.tsx'
import { EditorStatusBar } from '../components/editor-status-bar.tsx'
import { FormFeedback, SelectField, TextAreaField, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import { ProblemSummary } from '../components/problem-summary.tsx'
import { displayMessage, issuesByPath, issueSentence, issueTarget, itemFieldId } from '../components/audit-builder/issues.ts'
import { ItemFields } from '../components/audit-builder/item-fields.tsx'
import { duplicateItem, idFromLabel, itemIdProblem, locateItem, newItem, newSection, slugify } from '../components/audit-builder/model.ts'
import { ScorePreview } from '../components/audit-builder/score-preview.tsx'
import { SettingsFields } from '../components/audit-builder/settings-fields.tsx'
import { AuditVersionList, type AuditVersion } from '../components/audit-builder/versions.tsx'

type Template = { id: string; title: string; archivedAt: string | null }

/** The editor starts afresh when another version is opened, and only then (not on each reload). */
const editorKey = (templateId: string, version: number | undefined): string => `${templateId}:${version ?? 'latest'}`

export function AuditTemplateEditorPage() {
  const params = useParams()
  const [search] = useSearchParams()
  const [data, { refetch }] = createResource(
    () => params.id,
    async (id) => {
      const [template, standards] = await Promise.all([call(api['audit-templates'][':id'].$get({ param: { id } })), call(api.standards.$get({ query: { archived: 'include' } }))])
      return { template: template.template as Template, versions: template.versions as AuditVersion[], standards: standards.standards }
    },
  )
  /** The version asked for in the address (?version=2), when it is not the newest one. */
  const olderVersion = () => {
    const n = Number(search.version)
    const versions = data()?.versions ?? []
    return Number.isInteger(n) && n !== versions[0]?.version ? versions.find((v) => v.version === n) : undefined
  }
  return (
    <AsyncView resource={data} loading="Loading the audit template…" onRetry={refetch}>
      {(d) => (
        <Show when={editorKey(d().template.id, olderVersion()?.version)} keyed>
          {(_key) => (
            <AuditTemplateEditor
              templateId={d().template.id}
              template={d().template}
              versions={d().versions}
              shown={olderVersion() ?? d().versions[0]!}
              older={!!olderVersion()}
              standards={d().standards}
              reload={() => Promise.resolve(refetch())}
            />
          )}
        </Show>
      )}
    </AsyncView>
  )
}

function AuditTemplateEditor(props: { templateId: string; template: Template; versions: AuditVersion[]; shown: AuditVersion; older: boolean; standards: StandardRow[]; reload: () => Promise<unknown> }) {
  const navigate = useNavigate()
  const canDesign = () => allowed('audits:design')
  /** Editing happens on the newest version only; older ones are shown as they were frozen. */
  const canWrite = () => canDesign() && !props.older
  const latest = () => props.versions[0]!
  const published = () => props.versions.find((v) => v.status === 'published')
  const [def, setDef] = createStore<TAuditTemplateDefinition>(structuredClone(props.shown.definition))
  const [dirty, setDirty] = createSignal(false)
  const [revision, setRevision] = createSignal(0)
  const [announce, setAnnounce] = createSignal('')
  /** Items whose id still follows their label: added here, and nobody has typed an id for them. */
  const [autoIds, setAutoIds] = createSignal<ReadonlySet<string>>(new Set())
  const saver = createSubmitter()
  const publisher = createSubmitter()
  const archiver = createSubmitter()
  let summaryEl: HTMLDivElement | undefined

  const edit: typeof setDef = ((...args: unknown[]) => {
    setDirty(true)
    setRevision((n) => n + 1)
    return (setDef as (...a: unknown[]) => void)(...args)
  }) as typeof setDef
  const snapshot = () => structuredClone(unwrap(def)) as TAuditTemplateDefinition

  guardUnsavedChanges({ dirty, setDirty, canSave: canWrite, save: () => save(), message: 'Your changes to this audit template have not been saved.' })

  const status = createMemo(() => {
    const v = latest()
    const live = published()
    if (v.status === 'draft')
      return {
        label: `Version ${v.version} · Draft`,
        detail: live ? `Version ${live.version} stays in use for new assignments until you publish this draft.` : 'Not published yet: it cannot be assigned to shoppers until you publish it.',
      }
    return { label: `Version ${v.version} · Published`, detail: `In use since ${formatDate(v.publishedAt)}. Saving changes starts version ${v.version + 1} as a draft; assignments keep their version.` }
  })
  /** Ids in the published version: renaming one starts a new item in the results. */
  const liveIds = createMemo(() => new Set(published()?.definition.sections.flatMap((s) => s.items.map((i) => i.id)) ?? []))
  const canPublish = () => dirty() || latest().status === 'draft'

  const error = (key: string) => {
    const message = saver.fieldError(`definition.${key}`)
    return message === undefined ? undefined : displayMessage(key, message)
  }
  const itemError = (s: number, i: number) => (field: string) => error(`sections.${s}.items.${i}.${field}`)
  const issues = () => Object.entries(saver.fieldErrors())

  const showSummary = () => queueMicrotask(() => summaryEl?.focus())

  /** Checks with the shared schema first, then saves; the server's problems land on the same fields. */
  const save = createDraftSave<TAuditTemplateDefinition>({
    saver,
    revision,
    dirty,
    check: () => {
      const parsed = ZAuditTemplateDefinition.safeParse(snapshot())
      return parsed.success ? { value: parsed.data } : { problems: issuesByPath(parsed.error.issues) }
    },
    write: (definition) => call(api['audit-templates'][':id'].draft.$put({ param: { id: props.templateId }, json: { definition } })),
    onSaved: async () => {
      setDirty(false)
      await props.reload()
    },
    showSummary,
  })

  const publish = async () => {
    const next = latest().status === 'draft' ? latest().version : latest().version + 1
    const live = published()
    const ok = await confirmAction({
      title: `Publish version ${next}?`,
      message: `Version ${next} is frozen once published: later changes start a new draft. New assignments will use version ${next}; assignments already made keep the version they were given${live ? ` (version ${live.version} or earlier)` : ''}.`,
      confirmLabel: `Publish version ${next}`,
    })
    if (!ok) return
    if (dirty() && !(await save())) return
    const result = await publisher.run(() => call(api['audit-templates'][':id'].publish.$post({ param: { id: props.templateId } })), { success: `Version ${next} published: new assignments use it.` })
    if (result) {
      saver.clear()
      await props.reload()
    }
  }

  const discardChanges = async () => {
    const ok = await confirmAction({ title: 'Discard unsaved changes?', message: 'The template goes back to the last saved version.', confirmLabel: 'Discard changes', danger: true })
    if (!ok) return
    setDef(reconcile(structuredClone(latest().definition)))
    setRevision((n) => n + 1)
    setDirty(false)
    setAutoIds(new Set<string>())
    saver.clear()
  }

  const discardDraft = async () => {
    const live = published()
    if (!live) return
    const ok = await confirmAction({
      title: `Discard draft version ${latest().version}?`,
      message: `Every change since version ${live.version} is deleted. Version ${live.version} stays published and new assignments keep using it.`,
      confirmLabel: 'Discard draft',
      danger: true,
    })
    if (!ok) return
    const done = await publisher.run(() => call(api['audit-templates'][':id'].draft.$delete({ param: { id: props.templateId } })), { success: `Draft discarded: back to version ${live.version}.` })
    if (!done) return
    await props.reload()
    setDef(reconcile(structuredClone(latest().definition)))
    setRevision((n) => n + 1)
    setDirty(false)
    setAutoIds(new Set<string>())
    saver.clear()
  }

  const archive = async () => {
    const ok = await confirmAction({
      title: `Archive “${props.template.title}”?`,
      message: 'No new visits can be assigned with it. Audits already made and their results stay, and you can restore it later.',
      confirmLabel: 'Archive template',
      danger: true,
    })
    if (!ok) return
    if (await archiver.run(() => call(api['audit-templates'][':id'].archive.$post({ param: { id: props.templateId } })), { success: 'Template archived.' })) await props.reload()
  }
  const restore = async () => {
    if (await archiver.run(() => call(api['audit-templates'][':id'].restore.$post({ param: { id: props.templateId } })), { success: 'Template restored.' })) await props.reload()
  }

  // ---- items

  const itemNumber = (s: number, i: number) => `${s + 1}.${i + 1}`

  const addItem = (s: number, type: AuditItemType) => {
    const item = newItem(def, type)
    edit('sections', s, 'items', (items) => [...items, item])
    setAutoIds((ids) => new Set([...ids, item.id]))
    setAnnounce(`Item ${itemNumber(s, def.sections[s]!.items.length - 1)} added: ${AUDIT_ITEM_LABELS[type]}.`)
    queueMicrotask(() => {
      const el = document.getElementById(itemFieldId(item, 'label')) as HTMLTextAreaElement | null
      focusElement(el?.id)
      el?.select()
    })
  }

  const renameItem = (from: string, to: string) => {
    const at = locateItem(def, from)
    if (!at) return
    edit('sections', at.section, 'items', at.index, 'id', to)
    setAutoIds((ids) => {
      const next = new Set(ids)
      next.delete(from)
      return next
    })
  }

  /** The label changes; a new item's id follows it until someone types an id. */
  const setLabel = (s: number, i: number, label: string) => {
    const item = def.sections[s]!.items[i]!
    edit('sections', s, 'items', i, 'label', label)
    if (!autoIds().has(item.id) || slugify(label, '') === '') return
    const next = idFromLabel(def, item.id, label)
    if (next === item.id) return
    const from = item.id
    edit('sections', s, 'items', i, 'id', next)
    setAutoIds((ids) => {
      const set = new Set(ids)
      set.delete(from)
      set.add(next)
      return set
    })
  }

  /** Moves an item to any section and position; focus goes to `focusId` (the control that moved it). */
  const moveItem = (itemId: string, toSection: number, toIndex: number, focusField?: string) => {
    const from = locateItem(def, itemId)
    if (!from) return
    const moving = def.sections[from.section]!.items[from.index]!
    let index = toIndex
    if (from.section === toSection && from.index < toIndex) index--
    if (from.section === toSection && from.index === index) return
    edit(
      produce((d: TAuditTemplateDefinition) => {
        const [item] = d.sections[from.section]!.items.splice(from.index, 1)
        d.sections[toSection]!.items.splice(index, 0, item!)
      }),
    )
    const count = def.sections[toSection]!.items.length
    setAnnounce(`Moved to position ${index + 1} of ${count} in section ${toSection + 1}. It is now item ${itemNumber(toSection, index)}.`)
    if (focusField) queueMicrotask(() => focusElement(itemFieldId(moving, focusField)))
  }

  const move = (s: number, i: number, delta: -1 | 1) => {
    const items = def.sections[s]!.items
    const target = i + delta
    if (target < 0 || target >= items.length) return
    // At the first or last place the button that moved it is disabled: focus its twin instead.
    const atEdge = delta === -1 ? target === 0 : target === items.length - 1
    const button = atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'
    moveItem(items[i]!.id, s, delta === 1 ? target + 1 : target, button)
  }

  const duplicate = (s: number, i: number) => {
    const copy = duplicateItem(def, unwrap(def.sections[s]!.items[i]!))
    edit('sections', s, 'items', (items) => [...items.slice(0, i + 1), copy, ...items.slice(i + 1)])
    setAutoIds((ids) => new Set([...ids, copy.id]))
    setAnnounce(`Item ${itemNumber(s, i + 1)} added as a copy of item ${itemNumber(s, i)}, with the id ${copy.id}.`)
    queueMicrotask(() => focusElement(itemFieldId(copy, 'label')))
  }

  const removeItem = async (s: number, i: number) => {
    const item = def.sections[s]!.items[i]!
    const ok = await confirmAction({
      title: `Delete item ${itemNumber(s, i)}?`,
      message: `“${item.label || item.id}” is removed from this draft. Audits made with published versions keep their answers to it.`,
      confirmLabel: 'Delete item',
      danger: true,
    })
    if (!ok) return
    edit('sections', s, 'items', (items) => items.filter((_, k) => k !== i))
    const left = def.sections[s]!.items
    setAnnounce(`Item deleted. Section ${s + 1} has ${left.length === 1 ? 'one item' : `${left.length} items`}.`)
    queueMicrotask(() => focusElement(left.length ? itemFieldId(left[Math.min(i, left.length - 1)]!, 'label') : `section-${s}-add`))
  }

  const toggleStandard = (s: number, i: number, standardId: string, on: boolean) =>
    edit('sections', s, 'items', i, 'standardIds', (ids) => (on ? [...ids.filter((x) => x !== standardId), standardId] : ids.filter((x) => x !== standardId)))

  // ---- sections

  const addSection = () => {
    const section = newSection(def)
    edit('sections', (sections) => [...sections, section])
    setAnnounce(`Section ${def.sections.length} added. Add its first item.`)
    queueMicrotask(() => {
      const el = document.getElementById(`section-${def.sections.length - 1}-title`) as HTMLInputElement | null
      focusElement(el?.id)
      el?.select()
    })
  }

  const moveSection = (s: number, delta: -1 | 1) => {
    const to = s + delta
    if (to < 0 || to >= def.sections.length) return
    edit(
      'sections',
      produce((sections: TAuditSection[]) => {
        const [section] = sections.splice(s, 1)
        sections.splice(to, 0, section!)
      }),
    )
    setAnnounce(`Section moved to position ${to + 1} of ${def.sections.length}.`)
    const atEdge = to === 0 || to === def.sections.length - 1
    queueMicrotask(() => focusElement(`section-${to}-${atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`))
  }

  const removeSection = async (s: number) => {
    const section = def.sections[s]!
    if (section.items.length > 0) {
      const ok = await confirmAction({
        title: `Delete section ${s + 1}?`,
        message: `“${section.title || 'Untitled section'}” and its ${section.items.length === 1 ? 'item are' : `${section.items.length} items are`} removed from this draft. Audits made with published versions keep their answers.`,
        confirmLabel: 'Delete section',
        danger: true,
      })
      if (!ok) return
    }
    edit('sections', (sections) => sections.filter((_, k) => k !== s))
    setAnnounce(`Section deleted. ${def.sections.length === 1 ? 'One section' : `${def.sections.length} sections`} left.`)
    queueMicrotask(() => focusElement(`section-${Math.min(s, def.sections.length - 1)}-title`))
  }

  const sectionLabel = (s: number) => `Section ${s + 1}${def.sections[s]?.title ? `: ${def.sections[s]!.title}` : ''}`

  return (
    <Page title={def.title || 'Untitled audit template'} lead="Design what mystery shoppers check at a visit, how each check scores, and which standards it gives evidence for.">
      <p class="breadcrumb">
        <A href="/audits/templates">← All audit templates</A>
      </p>
      <Show when={props.older}>
        <div class="notice" role="note">
          <p>
            You are viewing version {props.shown.version} ({props.shown.status}) as it was frozen. It cannot be changed.{' '}
            <A href={`/audits/templates/${props.templateId}`}>Back to the current version</A>
          </p>
        </div>
      </Show>
      <Show when={props.template.archivedAt}>
        <div class="notice" role="note">
          <p>This template was archived on {formatDate(props.template.archivedAt)}: no new visits can be assigned with it. Restore it to use it again.</p>
          <Show when={canDesign()}>
            <button type="button" class="button" onClick={restore}>
              Restore template
            </button>
          </Show>
        </div>
      </Show>
      <Show when={!canDesign()}>
        <p class="notice" role="note">
          You can read this template. Designing audit templates needs a manager or admin role.
        </p>
      </Show>
      <Show when={!props.older}>
        <EditorStatusBar
          status={latest().status}
          label={status().label}
          detail={status().detail}
          dirty={dirty()}
          canWrite={canWrite()}
          saving={saver.pending()}
          publishing={publisher.pending()}
          canPublish={canPublish()}
          onDiscard={discardChanges}
          onSave={save}
          onPublish={publish}
        />
      </Show>
      <FormFeedback error={saver.error() || publisher.error() || archiver.error()} success={saver.success() || publisher.success() || archiver.success()} />
      <ProblemSummary
        ref={(el) => (summaryEl = el)}
        issues={issues()}
        sentence={(key, message) => issueSentence(def, key, message)}
        elementId={(key) => issueTarget(def, key).elementId}
        onGoTo={focusElement}
      />
      <div class="sr-only" role="status" aria-live="polite">
        {announce()}
      </div>

      <div class="editor-layout">
        <div class="editor">
          <section class="card" aria-labelledby="details-title">
            <h2 id="details-title">Template details</h2>
            <fieldset class="plain" disabled={!canWrite()}>
              <TextField id="template-title" label="Title" value={def.title} onInput={(v) => edit('title', v)} error={error('title')} required maxLength={200} />
              <TextAreaField
                id="template-briefing"
                label="Briefing for the shopper"
                value={def.briefing}
                onInput={(v) => edit('briefing', v)}
                error={error('briefing')}
                hint="Shown before the visit: how to behave, what to buy or ask, what to note. Optional."
                rows={4}
                maxLength={4000}
              />
            </fieldset>
          </section>

          <section class="card" aria-labelledby="settings-title">
            <h2 id="settings-title" tabindex="-1">
              Scoring and privacy
            </h2>
            <SettingsFields settings={def.settings} disabled={!canWrite()} error={(f) => error(`settings.${f}`)} onPatch={(patch) => edit('settings', patch)} />
          </section>

          <section class="card" aria-labelledby="sections-title">
            <h2 id="sections-title" tabindex="-1">
              Sections and items
            </h2>
            <p class="hint">
              Shoppers see the sections in this order. Each item has an id that keeps its results together across versions: it is made from the label of a new item, and you can change it before
              the first audits arrive.
            </p>
            <Show when={error('sections')}>
              <p class="field-error">The template {error('sections')}</p>
            </Show>
            <Index each={def.sections}>
              {(section, s) => (
                <div class="survey-page audit-section" role="group" aria-labelledby={`section-${s}-heading`}>
                  <div class="survey-page-head">
                    <div class="survey-page-title">
                      <h3 id={`section-${s}-heading`}>
                        Section {s + 1} of {def.sections.length}
                        <Show when={section().title}>: {section().title}</Show>
                      </h3>
                      <Show when={canWrite()}>
                        <div class="question-actions">
                          <button type="button" id={`section-${s}-up`} class="button small" onClick={() => moveSection(s, -1)} disabled={s === 0}>
                            <span aria-hidden="true">↑ </span>Move up<span class="sr-only"> section {s + 1}</span>
                          </button>
                          <button type="button" id={`section-${s}-down`} class="button small" onClick={() => moveSection(s, 1)} disabled={s === def.sections.length - 1}>
                            <span aria-hidden="true">↓ </span>Move down<span class="sr-only"> section {s + 1}</span>
                          </button>
                          <button type="button" class="button small subtle-danger" onClick={() => removeSection(s)} disabled={def.sections.length === 1}>
                            Delete<span class="sr-only"> section {s + 1}</span>
                          </button>
                        </div>
                      </Show>
                    </div>
                    <fieldset class="plain" disabled={!canWrite()}>
                      <TextField id={`section-${s}-title`} label={`Title of section ${s + 1}`} value={section().title} onInput={(v) => edit('sections', s, 'title', v)} error={error(`sections.${s}.title`) ?? error(`sections.${s}.id`)} maxLength={200} />
                      <TextAreaField
                        id={`section-${s}-guidance`}
                        label={`Guidance for section ${s + 1}`}
                        value={section().guidance}
                        onInput={(v) => edit('sections', s, 'guidance', v)}
                        error={error(`sections.${s}.guidance`)}
                        hint="Optional, shown to the shopper above the section's items."
                        rows={2}
                        maxLength={1000}
                      />
                    </fieldset>
                  </div>
                  <Show when={error(`sections.${s}.items`)}>
                    <p class="field-error">
                      Section {s + 1}: {error(`sections.${s}.items`)}
                    </p>
                  </Show>
                  <ol class="question-list">
                    <Show when={section().items.length === 0}>
                      <li class="empty-page">This section has no items yet. Add one below, or move one here.</li>
                    </Show>
                    <For each={section().items}>
                      {(item, index) => (
                        <li class="question-card" classList={{ 'audit-critical': item.critical }} data-item-id={item.id}>
                          <ItemFields
                            item={item}
                            number={itemNumber(s, index())}
                            canWrite={canWrite()}
                            standards={props.standards}
                            live={liveIds().has(item.id)}
                            autoId={autoIds().has(item.id)}
                            error={itemError(s, index())}
                            idProblem={(next) => itemIdProblem(def, item.id, next)}
                            onPatch={(patch) => edit('sections', s, 'items', index(), patch as Partial<TAuditItem>)}
                            onLabel={(label) => setLabel(s, index(), label)}
                            onRename={(to) => renameItem(item.id, to)}
                            onToggleStandard={(sid, on) => toggleStandard(s, index(), sid, on)}
                          />
                          <Show when={canWrite()}>
                            <div class="question-actions">
                              <button type="button" id={itemFieldId(item, 'up')} class="button small" onClick={() => move(s, index(), -1)} disabled={index() === 0}>
                                <span aria-hidden="true">↑ </span>Move up<span class="sr-only"> item {itemNumber(s, index())}</span>
                              </button>
                              <button type="button" id={itemFieldId(item, 'down')} class="button small" onClick={() => move(s, index(), 1)} disabled={index() === section().items.length - 1}>
                                <span aria-hidden="true">↓ </span>Move down<span class="sr-only"> item {itemNumber(s, index())}</span>
                              </button>
                              <Show when={def.sections.length > 1}>
                                <MoveToSection
                                  item={item}
                                  number={itemNumber(s, index())}
                                  current={s}
                                  sections={def.sections.map((_, k) => sectionLabel(k))}
                                  onMove={(to) => moveItem(item.id, to, def.sections[to]!.items.length, 'tosection')}
                                />
                              </Show>
                              <button type="button" class="button small" onClick={() => duplicate(s, index())}>
                                Duplicate<span class="sr-only"> item {itemNumber(s, index())}</span>
                              </button>
                              <button type="button" class="button small subtle-danger" onClick={() => removeItem(s, index())}>
                                Delete<span class="sr-only"> item {itemNumber(s, index())}</span>
                              </button>
                            </div>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                  <Show when={canWrite()}>
                    <AddItem id={`section-${s}-add`} section={s} onAdd={(type) => addItem(s, type)} />
                  </Show>
                </div>
              )}
            </Index>
            <Show when={canWrite()}>
              <div class="add-page">
                <button type="button" id="add-section" class="button" onClick={addSection} disabled={def.sections.length >= 30}>
                  Add a section
                </button>
                <span class="hint">Group the checks the way a visit unfolds: arrival, service, paying, leaving.</span>
              </div>
            </Show>
          </section>
        </div>

        <aside class="editor-side" aria-label="Score preview and versions">
          <ScorePreview def={def} onFocusItem={(item) => focusElement(itemFieldId(item, 'label'))} />

          <Show when={!props.older && latest().status === 'draft' && published() && canWrite()}>
            <section class="card" aria-labelledby="pending-title">
              <h2 id="pending-title">Draft over version {published()!.version}</h2>
              <p class="hint">Version {published()!.version} stays in use for new assignments until you publish this draft. Discarding the draft deletes every change since.</p>
              <button type="button" class="button small subtle-danger" onClick={discardDraft}>
                Discard draft version {latest().version}
              </button>
            </section>
          </Show>

          <AuditVersionList templateId={props.templateId} versions={props.versions} viewing={props.shown.version} />

          <Show when={canDesign() && !props.template.archivedAt && !props.older}>
            <section class="card" aria-labelledby="archive-title">
              <h2 id="archive-title">Archive</h2>
              <p class="hint">Archive a template you no longer use: no new visits can be assigned with it; its audits and results stay.</p>
              <button
                type="button"
                class="button subtle-danger"
                onClick={async () => {
                  await archive()
                  if (props.template.archivedAt) navigate('/audits/templates')
                }}
              >
                Archive template
              </button>
            </section>
          </Show>
        </aside>
      </div>
    </Page>
  )
}

function MoveToSection(props: { item: TAuditItem; number: string; current: number; sections: string[]; onMove: (section: number) => void }) {
  const options = () => props.sections.map((label, i) => ({ label, i })).filter((x) => x.i !== props.current)
  const [to, setTo] = createSignal<number | null>(null)
  const target = () => {
    const chosen = to()
    return chosen !== null && chosen !== props.current && chosen < props.sections.length ? chosen : (options()[0]?.i ?? 0)
  }
  return (
    <span class="move-to-page">
      <label class="sr-only" for={itemFieldId(props.item, 'tosection')}>
        Section to move item {props.number} to
      </label>
      <select id={itemFieldId(props.item, 'tosection')} value={String(target())} onChange={(e) => setTo(Number(e.currentTarget.value))}>
        <For each={options()}>
          {(o) => (
            <option value={String(o.i)} selected={o.i === target()}>
              {o.label}
            </option>
          )}
        </For>
      </select>
      <button
        type="button"
        class="button small"
        onClick={() => {
          props.onMove(target())
          setTo(null)
        }}
      >
        Move to section<span class="sr-only"> (item {props.number})</span>
      </button>
    </span>
  )
}

function AddItem(props: { id: string; section: number; onAdd: (type: AuditItemType) => void }) {
  const [type, setType] = createSignal<AuditItemType>('yes_no')
  return (
    <div class="add-question">
      <SelectField
        label={`New item type (section ${props.section + 1})`}
        id={props.id}
        value={type()}
        onChange={(v) => setType(v as AuditItemType)}
        options={AUDIT_ITEM_TYPES.map((t) => ({ value: t, label: AUDIT_ITEM_LABELS[t] }))}
      />
      <button type="button" class="button" onClick={() => props.onAdd(type())}>
        Add item<span class="sr-only"> to section {props.section + 1}</span>
      </button>
    </div>
  )
}
