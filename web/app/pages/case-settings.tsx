import { A } from '@solidjs/router'
import { createResource, For, Index, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { CASE_PRIORITIES, PRIORITY_LABELS, WEEKDAYS, type CasePriority } from '../../../shared/case-terms.ts'
import { api, call } from '../lib/api.ts'
import { createSubmitter, focusFirstInvalid } from '../lib/form.ts'
import { AsyncView } from '../components/async-view.tsx'
import { CheckboxField, FormFeedback, SelectField, sentence, SubmitButton, TextField } from '../components/fields.tsx'
import { Page } from '../components/page.tsx'
import type { CaseAssignee, CaseSettings } from '../components/cases/case-words.tsx'

const MAX_LEVELS = 5
type SettingsInput = Parameters<typeof api.cases.settings.$put>[0]['json']
const priorityOptions = CASE_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))

/** An organisation's case rules (which poor experiences open a case) and SLA (how long resolving may take, and who a breach goes to). */
export function CaseSettingsPage() {
  const [settings, { refetch }] = createResource(() => call(api.cases.settings.$get()))
  const [assignees] = createResource(() => call(api.cases.assignees.$get()).then((r) => r.users))
  return (
    <Page title="Case rules and SLA" lead="Which poor experiences open a follow-up case and at what priority, and how long resolving one may take, counted in working hours.">
      <p class="breadcrumb">
        <A href="/cases">← Cases</A>
      </p>
      <AsyncView resource={settings} loading="Loading the case rules…" onRetry={refetch}>
        {(s) => (
          <Show when={assignees.state === 'ready' || assignees.error} fallback={<p class="loading" role="status">Loading the people who can own cases…</p>}>
            <SettingsForm initial={s()} assignees={assignees.latest ?? []} />
          </Show>
        )}
      </AsyncView>
    </Page>
  )
}

const str = (n: number) => String(n)
/** A typed number as sent: blank or unreadable is sent as null, for the server to name the field. */
const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s))

function formValues(s: CaseSettings) {
  const r = s.rules
  return {
    rules: {
      npsDetractor: { enabled: r.npsDetractor.enabled, maxScore: str(r.npsDetractor.maxScore), priority: r.npsDetractor.priority as CasePriority },
      csatLow: { enabled: r.csatLow.enabled, maxScore: str(r.csatLow.maxScore), priority: r.csatLow.priority as CasePriority },
      negativeComment: { enabled: r.negativeComment.enabled, priority: r.negativeComment.priority as CasePriority },
      criticalAudit: { enabled: r.criticalAudit.enabled, priority: r.criticalAudit.priority as CasePriority },
      defaultOwnerId: r.defaultOwnerId ?? '',
      repeatThreshold: str(r.repeatThreshold),
      repeatWindowDays: str(r.repeatWindowDays),
    },
    sla: {
      timeZone: s.sla.timeZone,
      workingDays: [...s.sla.workingDays],
      dayStart: s.sla.dayStart,
      dayEnd: s.sla.dayEnd,
      holidays: [...s.sla.holidays],
      resolveHours: { urgent: str(s.sla.resolveHours.urgent), high: str(s.sla.resolveHours.high), normal: str(s.sla.resolveHours.normal), low: str(s.sla.resolveHours.low) },
      escalationUserIds: [...s.sla.escalationUserIds],
      escalateEveryHours: str(s.sla.escalateEveryHours),
    },
  }
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  try {
    return intl.supportedValuesOf?.('timeZone') ?? []
  } catch {
    return []
  }
}

function SettingsForm(props: { initial: CaseSettings; assignees: CaseAssignee[] }) {
  const form = createSubmitter()
  const [v, setV] = createStore(formValues(props.initial))
  const [saved, setSaved] = createStore({ saved: props.initial.saved })
  let formEl: HTMLFormElement | undefined
  const err = (path: string) => form.fieldError(path)
  /** The first problem under a path (a list's items: sla.holidays.2 shows on that holiday, sla.workingDays on the group). */
  const errUnder = (path: string) => Object.entries(form.fieldErrors()).find(([k]) => k === path || k.startsWith(`${path}.`))?.[1]

  const ownerOptions = () => [{ value: '', label: 'Nobody: new cases wait in the unassigned queue' }, ...props.assignees.map((u) => ({ value: u.id, label: u.name }))]
  const contactOptions = () => props.assignees.map((u) => ({ value: u.id, label: u.name }))

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const json = {
      rules: {
        npsDetractor: { ...v.rules.npsDetractor, maxScore: num(v.rules.npsDetractor.maxScore) },
        csatLow: { ...v.rules.csatLow, maxScore: num(v.rules.csatLow.maxScore) },
        negativeComment: { ...v.rules.negativeComment },
        criticalAudit: { ...v.rules.criticalAudit },
        defaultOwnerId: v.rules.defaultOwnerId || null,
        repeatThreshold: num(v.rules.repeatThreshold),
        repeatWindowDays: num(v.rules.repeatWindowDays),
      },
      sla: {
        timeZone: v.sla.timeZone.trim(),
        workingDays: [...v.sla.workingDays].sort(),
        dayStart: v.sla.dayStart.trim(),
        dayEnd: v.sla.dayEnd.trim(),
        holidays: v.sla.holidays.filter((h) => h.trim() !== ''),
        resolveHours: { urgent: num(v.sla.resolveHours.urgent), high: num(v.sla.resolveHours.high), normal: num(v.sla.resolveHours.normal), low: num(v.sla.resolveHours.low) },
        escalationUserIds: [...v.sla.escalationUserIds],
        escalateEveryHours: num(v.sla.escalateEveryHours),
      },
    }
    // Numbers left blank go as null: the server's 400 names each such field.
    const result = await form.run(() => call(api.cases.settings.$put({ json: json as unknown as SettingsInput })), { success: 'Case rules and SLA saved. New cases follow them; open cases keep their due times.' })
    if (!result) return focusFirstInvalid(formEl)
    setV(formValues(result))
    setSaved({ saved: true })
  }

  const toggleDay = (day: number, on: boolean) => setV('sla', 'workingDays', (days) => (on ? [...new Set([...days, day])] : days.filter((d) => d !== day)))

  const addHoliday = () => {
    setV('sla', 'holidays', (h) => [...h, ''])
    queueMicrotask(() => document.getElementById(`holiday-${v.sla.holidays.length - 1}`)?.focus())
  }
  const removeHoliday = (i: number) => {
    setV('sla', 'holidays', (h) => h.filter((_, j) => j !== i))
    queueMicrotask(() => document.getElementById('add-holiday')?.focus())
  }

  const addLevel = () => {
    const free = props.assignees.find((u) => !v.sla.escalationUserIds.includes(u.id)) ?? props.assignees[0]
    if (!free) return
    setV('sla', 'escalationUserIds', (ids) => [...ids, free.id])
    queueMicrotask(() => document.getElementById(`level-${v.sla.escalationUserIds.length - 1}`)?.focus())
  }
  const removeLevel = (i: number) => {
    setV('sla', 'escalationUserIds', (ids) => ids.filter((_, j) => j !== i))
    queueMicrotask(() => document.getElementById('add-level')?.focus())
  }
  const moveLevelUp = (i: number) => {
    setV('sla', 'escalationUserIds', (ids) => {
      const next = [...ids]
      ;[next[i - 1], next[i]] = [next[i]!, next[i - 1]!]
      return next
    })
    queueMicrotask(() => document.getElementById(i - 1 > 0 ? `level-up-${i - 1}` : `level-${i - 1}`)?.focus())
  }

  return (
    <form ref={formEl} onSubmit={submit} novalidate class="case-settings">
      <Show when={!saved.saved}>
        <p class="notice">These are the defaults: nothing has been saved for your organisation yet. Saving keeps them as shown.</p>
      </Show>

      <section class="card" aria-labelledby="case-rules-title">
        <h2 id="case-rules-title">Case rules</h2>
        <p class="hint">Each poor survey answer or approved audit that meets a rule opens one case, with the rule’s priority.</p>

        <fieldset class="fieldset">
          <legend>NPS detractor</legend>
          <CheckboxField label="Open a case for a low NPS answer" checked={v.rules.npsDetractor.enabled} onChange={(on) => setV('rules', 'npsDetractor', 'enabled', on)} error={err('rules.npsDetractor.enabled')} />
          <div class="field-row">
            <TextField label="Highest NPS score that opens a case" type="number" min="0" max="10" step="1" inputMode="numeric" value={v.rules.npsDetractor.maxScore} onInput={(x) => setV('rules', 'npsDetractor', 'maxScore', x)} error={err('rules.npsDetractor.maxScore')} hint="0–10; detractors score 0–6." />
            <SelectField label="Priority of NPS cases" value={v.rules.npsDetractor.priority} onChange={(x) => setV('rules', 'npsDetractor', 'priority', x as CasePriority)} options={priorityOptions} error={err('rules.npsDetractor.priority')} />
          </div>
        </fieldset>

        <fieldset class="fieldset">
          <legend>Low CSAT</legend>
          <CheckboxField label="Open a case for a low CSAT answer" checked={v.rules.csatLow.enabled} onChange={(on) => setV('rules', 'csatLow', 'enabled', on)} error={err('rules.csatLow.enabled')} />
          <div class="field-row">
            <TextField label="Highest CSAT score that opens a case" type="number" min="1" max="5" step="1" inputMode="numeric" value={v.rules.csatLow.maxScore} onInput={(x) => setV('rules', 'csatLow', 'maxScore', x)} error={err('rules.csatLow.maxScore')} hint="1–5." />
            <SelectField label="Priority of CSAT cases" value={v.rules.csatLow.priority} onChange={(x) => setV('rules', 'csatLow', 'priority', x as CasePriority)} options={priorityOptions} error={err('rules.csatLow.priority')} />
          </div>
        </fieldset>

        <fieldset class="fieldset">
          <legend>Negative comment</legend>
          <div class="field-row">
            <CheckboxField label="Open a case for a comment tagged negative" checked={v.rules.negativeComment.enabled} onChange={(on) => setV('rules', 'negativeComment', 'enabled', on)} error={err('rules.negativeComment.enabled')} />
            <SelectField label="Priority of comment cases" value={v.rules.negativeComment.priority} onChange={(x) => setV('rules', 'negativeComment', 'priority', x as CasePriority)} options={priorityOptions} error={err('rules.negativeComment.priority')} />
          </div>
        </fieldset>

        <fieldset class="fieldset">
          <legend>Critical audit failure</legend>
          <div class="field-row">
            <CheckboxField label="Open a case when an approved audit fails a critical item" checked={v.rules.criticalAudit.enabled} onChange={(on) => setV('rules', 'criticalAudit', 'enabled', on)} error={err('rules.criticalAudit.enabled')} />
            <SelectField label="Priority of audit cases" value={v.rules.criticalAudit.priority} onChange={(x) => setV('rules', 'criticalAudit', 'priority', x as CasePriority)} options={priorityOptions} error={err('rules.criticalAudit.priority')} />
          </div>
        </fieldset>

        <SelectField label="Default owner" value={v.rules.defaultOwnerId} onChange={(x) => setV('rules', 'defaultOwnerId', x)} options={ownerOptions()} error={err('rules.defaultOwnerId')} hint="Who a new case goes to." />

        <fieldset class="fieldset">
          <legend>Repeated problems</legend>
          <p class="hint">The same theme at the same location again and again.</p>
          <div class="field-row">
            <TextField label="Times" type="number" min="2" max="100" step="1" inputMode="numeric" value={v.rules.repeatThreshold} onInput={(x) => setV('rules', 'repeatThreshold', x)} error={err('rules.repeatThreshold')} hint="2–100." />
            <TextField label="Within days" type="number" min="1" max="365" step="1" inputMode="numeric" value={v.rules.repeatWindowDays} onInput={(x) => setV('rules', 'repeatWindowDays', x)} error={err('rules.repeatWindowDays')} hint="1–365." />
          </div>
        </fieldset>
      </section>

      <section class="card" aria-labelledby="case-sla-title">
        <h2 id="case-sla-title">Service level agreement (SLA)</h2>
        <p class="hint">Due times count working hours only: the working days and hours below, in this time zone, less holidays.</p>

        <TextField label="Time zone" value={v.sla.timeZone} onInput={(x) => setV('sla', 'timeZone', x)} list="case-time-zones" error={err('sla.timeZone')} hint="e.g. Europe/London" autocomplete="off" />
        <datalist id="case-time-zones">
          <For each={timeZones()}>{(tz) => <option value={tz} />}</For>
        </datalist>

        <fieldset class="fieldset" classList={{ 'field-invalid': !!errUnder('sla.workingDays') }} aria-describedby={errUnder('sla.workingDays') ? 'working-days-error' : undefined}>
          <legend>Working days</legend>
          <div class="case-weekdays">
            <For each={[...WEEKDAYS]}>{(name, i) => <CheckboxField label={name} checked={v.sla.workingDays.includes(i() + 1)} onChange={(on) => toggleDay(i() + 1, on)} />}</For>
          </div>
          <Show when={errUnder('sla.workingDays')}>
            {(msg) => (
              <p class="field-error" id="working-days-error" tabindex="-1">
                {sentence('Working days', msg())}
              </p>
            )}
          </Show>
        </fieldset>

        <div class="field-row">
          <TextField label="Working day starts" value={v.sla.dayStart} onInput={(x) => setV('sla', 'dayStart', x)} error={err('sla.dayStart')} hint="24-hour time, e.g. 09:00" inputMode="numeric" maxLength={5} />
          <TextField label="Working day ends" value={v.sla.dayEnd} onInput={(x) => setV('sla', 'dayEnd', x)} error={err('sla.dayEnd')?.replace('dayStart', 'the start of the working day')} hint="e.g. 17:30" inputMode="numeric" maxLength={5} />
        </div>

        <fieldset class="fieldset">
          <legend>Holidays</legend>
          <p class="hint">Days off besides the weekly ones: the SLA clock stops.</p>
          <Show when={v.sla.holidays.length > 0} fallback={<p class="muted">No holidays.</p>}>
            <ul class="case-list-editor">
              <Index each={v.sla.holidays}>
                {(day, i) => (
                  <li>
                    <TextField id={`holiday-${i}`} label={`Holiday ${i + 1}`} type="date" value={day()} onInput={(x) => setV('sla', 'holidays', i, x)} error={err(`sla.holidays.${i}`)} />
                    <button type="button" class="button small subtle-danger" onClick={() => removeHoliday(i)}>
                      Remove<span class="sr-only"> holiday {i + 1}</span>
                    </button>
                  </li>
                )}
              </Index>
            </ul>
          </Show>
          <Show when={err('sla.holidays')}>{(msg) => <p class="field-error">{sentence('Holidays', msg())}</p>}</Show>
          <p>
            <button type="button" id="add-holiday" class="button small" onClick={addHoliday}>
              Add a holiday
            </button>
          </p>
        </fieldset>

        <fieldset class="fieldset">
          <legend>Working hours to resolve, by priority</legend>
          <div class="field-row case-hours">
            <For each={[...CASE_PRIORITIES]}>
              {(p) => (
                <TextField
                  label={PRIORITY_LABELS[p]}
                  type="number"
                  min="0.5"
                  max="2000"
                  step="0.5"
                  inputMode="decimal"
                  value={v.sla.resolveHours[p]}
                  onInput={(x) => setV('sla', 'resolveHours', p, x)}
                  error={err(`sla.resolveHours.${p}`)}
                  hint="Working hours"
                />
              )}
            </For>
          </div>
        </fieldset>

        <fieldset class="fieldset">
          <legend>Escalation</legend>
          <p class="hint">A case past its due time is escalated: to level 1’s contact, then a level further every so many working hours. With nobody listed, it stays with its owner, marked escalated.</p>
          <Show when={v.sla.escalationUserIds.length > 0} fallback={<p class="muted">No escalation contacts.</p>}>
            <ol class="case-list-editor">
              <Index each={v.sla.escalationUserIds}>
                {(id, i) => (
                  <li>
                    <SelectField id={`level-${i}`} label={`Level ${i + 1}`} value={id()} onChange={(x) => setV('sla', 'escalationUserIds', i, x)} options={contactOptions()} error={err(`sla.escalationUserIds.${i}`)} />
                    <Show when={i > 0}>
                      <button type="button" id={`level-up-${i}`} class="button small" onClick={() => moveLevelUp(i)}>
                        Move up<span class="sr-only"> level {i + 1}</span>
                      </button>
                    </Show>
                    <button type="button" class="button small subtle-danger" onClick={() => removeLevel(i)}>
                      Remove<span class="sr-only"> level {i + 1}</span>
                    </button>
                  </li>
                )}
              </Index>
            </ol>
          </Show>
          <Show when={err('sla.escalationUserIds')}>{(msg) => <p class="field-error">{sentence('Escalation contacts', msg())}</p>}</Show>
          <Show when={v.sla.escalationUserIds.length < MAX_LEVELS && props.assignees.length > 0}>
            <p>
              <button type="button" id="add-level" class="button small" onClick={addLevel}>
                Add a level
              </button>
            </p>
          </Show>
          <TextField
            label="Escalate a further level every"
            type="number"
            min="0.5"
            max="2000"
            step="0.5"
            inputMode="decimal"
            value={v.sla.escalateEveryHours}
            onInput={(x) => setV('sla', 'escalateEveryHours', x)}
            error={err('sla.escalateEveryHours')}
            hint="Working hours overdue before the next level."
          />
        </fieldset>
      </section>

      <div class="card case-settings-actions">
        <FormFeedback error={form.error()} success={form.success()} />
        <div class="form-actions">
          <SubmitButton pending={form.pending()} label="Save rules and SLA" />
          <A href="/cases" class="button">
            Back to the cases
          </A>
        </div>
      </div>
    </form>
  )
}
