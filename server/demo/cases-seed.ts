import type { Compilable } from 'kysely'
import type { AppDatabase } from '../db/database.ts'
import { newId } from '../../shared/ids.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA, type TSla } from '../../shared/cases.ts'
import type { CasePriority, CaseStatus, RootCause } from '../../shared/case-terms.ts'
import { addWorkingHours } from '../domain/cases.ts'
import { insertCaseEvent, openCaseStatements, upsertCaseSettings } from '../db/repositories/cases.ts'
import { alertStatements } from '../db/repositories/notifications.ts'

/**
 * The demo's follow-up cases: the organisation's case rules and SLA, cases opened by real demo
 * responses (detractors and low CSAT of the last weeks) and by a critical audit failure, and
 * complaints logged by phone, email and in person — in every status, a few past their SLA and
 * escalated (with their alerts), resolved ones with root causes and first-contact flags, so the
 * case figures and the review report have something to show.
 */
export async function seedCases(database: AppDatabase, o: { orgId: string; now: number; users: { admin: string; manager: string }; locations: readonly { id: string; name: string }[]; standards: { csat: string; nps: string; greet: string } }): Promise<{ cases: number }> {
  const { db } = database
  const HOUR = 3_600_000
  const sla: TSla = { ...DEFAULT_SLA, escalationUserIds: [o.users.admin], escalateEveryHours: 8 }
  const statements: Compilable[] = [upsertCaseSettings(db, o.orgId, { rules: { ...DEFAULT_CASE_RULES, defaultOwnerId: o.users.manager }, sla }, o.users.admin, new Date(o.now - 60 * 24 * HOUR).toISOString())]
  const nameOf = new Map(o.locations.map((l) => [l.id, l.name]))

  // Detractors and low CSAT answers of the last four months: the cases the rules would have opened,
  // spread over the period (older ones worked and resolved, the last days' still in the queue).
  const since = new Date(o.now - 120 * 24 * HOUR).toISOString()
  const recentFrom = new Date(o.now - 10 * 24 * HOUR).toISOString()
  const poor = await db
    .selectFrom('response as r')
    .innerJoin('answer as a', 'a.response_id', 'r.id')
    .innerJoin('survey as s', 's.id', 'r.survey_id')
    .leftJoin('comment as c', (j) => j.onRef('c.source_id', '=', 'r.id'))
    .select(['r.id', 'r.location_id', 'r.survey_id', 's.title', 'r.submitted_at', 'a.question_id', 'a.value_num', 'c.text', 'c.final_themes'])
    .where('r.org_id', '=', o.orgId)
    .where('r.submitted_at', '>=', since)
    .where('r.location_id', 'is not', null)
    .where((eb) => eb.or([eb.and([eb('a.question_id', '=', 'nps'), eb('a.value_num', '<=', 3)]), eb.and([eb('a.question_id', '=', 'csat'), eb('a.value_num', '<=', 1)])]))
    .orderBy('r.submitted_at')
    .execute()
  const seen = new Set<string>()
  const unique = poor.filter((r) => !seen.has(r.id) && seen.add(r.id))
  const spread = <T,>(list: readonly T[], n: number) => (list.length <= n ? [...list] : Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / Math.max(1, n - 1))]!))
  const ordered = [...spread(unique.filter((r) => r.submitted_at < recentFrom), 6), ...spread(unique.filter((r) => r.submitted_at >= recentFrom), 4)]

  // What happens to each, oldest first: most are resolved or closed, some still open, a few breached.
  const plans: { status: CaseStatus; hoursToResolve?: number; rootCause?: RootCause; firstContact?: boolean; resolution?: string; note?: string }[] = [
    { status: 'closed', hoursToResolve: 5, rootCause: 'staffing', firstContact: true, resolution: 'Called the customer, apologised for the queue and added a second till at lunchtime.' },
    { status: 'closed', hoursToResolve: 30, rootCause: 'training', firstContact: false, resolution: 'Two calls: the adviser had given the wrong returns policy. Refund made and the team briefed.' },
    { status: 'resolved', hoursToResolve: 3, rootCause: 'process', firstContact: true, resolution: 'Explained the new booking process and booked the appointment on the call.' },
    { status: 'resolved', hoursToResolve: 40, rootCause: 'staff_behaviour', firstContact: false, resolution: 'Store manager spoke to the colleague; customer accepted the apology and a voucher.' },
    { status: 'resolved', hoursToResolve: 12, rootCause: 'system', firstContact: true, resolution: 'Card reader fault logged with IT and fixed the same day; customer told.' },
    { status: 'escalated', note: 'Customer not reachable on the number given; tried twice.' },
    { status: 'in_progress', note: 'Left a voicemail; will try again this afternoon.' },
    { status: 'in_progress' },
    { status: 'open' },
    { status: 'open' },
  ]
  let count = 0
  const open = (c: { id: string; source: 'survey' | 'audit' | 'complaint'; sourceId: string; trigger: 'nps_detractor' | 'csat_low' | 'critical_audit' | 'complaint'; locationId: string | null; formId: string; standardIds: string[]; themes: number; title: string; summary: string; channel: string; customer?: { name: string; contact: string }; priority: CasePriority; openedAt: number; plan: (typeof plans)[number]; opener: string | null; openText: string }) => {
    const opened = new Date(c.openedAt)
    const due = addWorkingHours(opened, sla.resolveHours[c.priority], sla)
    const resolvedAt = c.plan.hoursToResolve !== undefined ? new Date(c.openedAt + c.plan.hoursToResolve * HOUR) : null
    const closedAt = c.plan.status === 'closed' && resolvedAt ? new Date(resolvedAt.getTime() + 24 * HOUR) : null
    const escalated = c.plan.status === 'escalated'
    const at = (closedAt ?? resolvedAt ?? new Date(Math.min(o.now, c.openedAt + 2 * HOUR))).toISOString()
    const owner = c.plan.status === 'open' ? null : escalated ? o.users.admin : o.users.manager
    statements.push(
      ...openCaseStatements(
        db,
        {
          id: c.id,
          org_id: o.orgId,
          source: c.source,
          source_id: c.sourceId,
          trigger: c.trigger,
          location_id: c.locationId,
          form_id: c.formId,
          standard_ids: JSON.stringify(c.standardIds),
          themes: c.themes,
          title: c.title,
          summary: c.summary,
          channel: c.channel,
          customer_name: c.customer?.name ?? '',
          customer_contact: c.customer?.contact ?? '',
          contact_allowed: c.customer ? 1 : 0,
          priority: c.priority,
          owner_id: owner,
          status: c.plan.status,
          escalation_level: escalated ? 1 : 0,
          opened_at: opened.toISOString(),
          due_at: due.toISOString(),
          escalated_at: escalated ? due.toISOString() : null,
          resolved_at: resolvedAt?.toISOString() ?? null,
          closed_at: closedAt?.toISOString() ?? null,
          root_cause: c.plan.rootCause ?? '',
          resolution: c.plan.resolution ?? '',
          first_contact: c.plan.firstContact === undefined ? null : c.plan.firstContact ? 1 : 0,
          updated_at: at,
        },
        { id: newId(c.openedAt), text: c.openText, actorId: c.opener },
      ),
    )
    const event = (ms: number, kind: Parameters<typeof insertCaseEvent>[1]['kind'], actor: string | null, text: string, data: object = {}) =>
      statements.push(insertCaseEvent(db, { id: newId(ms), org_id: o.orgId, case_id: c.id, at: new Date(ms).toISOString(), actor_id: actor, kind, text, data: JSON.stringify(data) }))
    if (c.plan.status !== 'open') {
      event(c.openedAt + HOUR, 'status', o.users.manager, c.plan.note ?? 'Taking this one.', { from: 'open', to: 'in_progress' })
      event(c.openedAt + HOUR + 1000, 'assigned', o.users.manager, '', { from: null, to: o.users.manager })
    }
    if (escalated) {
      event(due.getTime(), 'escalated', null, `Past its SLA (due ${due.toISOString()}): escalated to level 1`, { from: 'in_progress', level: 1, ownerId: o.users.admin })
      statements.push(...alertStatements(db, { orgId: o.orgId, kind: 'sla_breach', dedupeKey: `sla_breach:${c.id}:1`, title: `SLA breached: ${c.title}`, body: `The case was due ${due.toISOString()} and is not resolved; escalated to level 1.`, link: `/cases/${c.id}` }, due.toISOString()))
    }
    if (resolvedAt) event(resolvedAt.getTime(), 'resolved', o.users.manager, c.plan.resolution ?? '', { from: 'in_progress', to: 'resolved' })
    if (closedAt) event(closedAt.getTime(), 'closed', o.users.manager, 'Customer confirmed they are happy.', { from: 'resolved', to: 'closed' })
    count++
  }

  ordered.forEach((r, i) => {
    const trigger = r.question_id === 'nps' ? 'nps_detractor' : 'csat_low'
    const what = trigger === 'nps_detractor' ? `NPS ${r.value_num}` : `CSAT ${r.value_num} of 5`
    const reasons = trigger === 'nps_detractor' ? `NPS answer ${r.value_num} (detractor)` : `CSAT answer ${r.value_num} of 5`
    open({
      id: newId(Date.parse(r.submitted_at) + 1),
      source: 'survey',
      sourceId: r.id,
      trigger,
      locationId: r.location_id,
      formId: r.survey_id,
      standardIds: [trigger === 'nps_detractor' ? o.standards.nps : o.standards.csat],
      themes: r.final_themes ?? 0,
      title: `${what} at ${nameOf.get(r.location_id!) ?? 'a location'} (${r.title})`,
      summary: [`${reasons}.`, r.text ? `“${r.text}”` : ''].filter(Boolean).join('\n\n'),
      channel: 'survey',
      priority: 'normal',
      openedAt: Date.parse(r.submitted_at),
      plan: plans[Math.min(i, plans.length - 1)]!,
      opener: null,
      openText: `Opened by the case rules: ${reasons}`,
    })
  })

  // Complaints that came in by other channels.
  const day = (daysAgo: number, hour: number) => Date.UTC(new Date(o.now).getUTCFullYear(), new Date(o.now).getUTCMonth(), new Date(o.now).getUTCDate()) - daysAgo * 24 * HOUR + hour * HOUR
  const complaints = [
    { channel: 'phone', title: 'Charged twice for one order', summary: 'Customer rang the helpline: two card payments for the same order on Saturday.', customer: { name: 'Pat Doe', contact: '07700 900123' }, location: 0, priority: 'high' as const, openedAt: day(61, 10), plan: { status: 'closed' as const, hoursToResolve: 6, rootCause: 'system' as const, firstContact: false, resolution: 'Duplicate payment refunded; payment provider fault reported.' } },
    { channel: 'email', title: 'No reply to my refund request', summary: 'Emailed twice about a refund for a faulty kettle; no reply in ten days.', customer: { name: 'Sam Lee', contact: 'sam.lee@example.com' }, location: 1, priority: 'normal' as const, openedAt: day(20, 15), plan: { status: 'escalated' as const, note: 'Refund team has not answered our internal request.' } },
    { channel: 'in_person', title: 'Rude response at the returns desk', summary: 'Customer came back to the store to complain about how they were spoken to.', location: 1, priority: 'normal' as const, openedAt: day(2, 11), plan: { status: 'in_progress' as const, note: 'Reviewing the CCTV with the store manager.' } },
    { channel: 'letter', title: 'Access ramp blocked by deliveries', summary: 'Letter from a wheelchair user: the ramp was blocked by cages twice last week.', location: 2, priority: 'urgent' as const, openedAt: day(1, 9), plan: { status: 'open' as const } },
  ]
  for (const c of complaints) {
    const location = o.locations[c.location % o.locations.length]!
    const id = newId(c.openedAt)
    open({ id, source: 'complaint', sourceId: id, trigger: 'complaint', locationId: location.id, formId: '', standardIds: [o.standards.csat], themes: 0, title: c.title, summary: c.summary, channel: c.channel, customer: c.customer, priority: c.priority, openedAt: c.openedAt, plan: c.plan, opener: o.users.manager, openText: `Complaint logged (${c.channel.replace('_', ' ')})` })
  }

  // A critical failure in an approved audit.
  const critical = await db
    .selectFrom('assignment as a')
    .innerJoin('audit_template as t', 't.id', 'a.template_id')
    .select(['a.id', 'a.location_id', 'a.template_id', 't.title', 'a.approved_at', 'a.score_percent'])
    .where('a.org_id', '=', o.orgId)
    .where('a.status', '=', 'approved')
    .where('a.outcome', '=', 'critical_fail')
    .orderBy('a.approved_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (critical?.approved_at) {
    const openedAt = Date.parse(critical.approved_at)
    open({
      id: newId(openedAt + 1),
      source: 'audit',
      sourceId: critical.id,
      trigger: 'critical_audit',
      locationId: critical.location_id,
      formId: critical.template_id,
      standardIds: [o.standards.greet],
      themes: 0,
      title: `Critical audit failure at ${nameOf.get(critical.location_id) ?? 'a location'} (${critical.title})`,
      summary: `A critical audit item failed${critical.score_percent === null ? '' : `; score ${critical.score_percent.toFixed(1)}%`}.`,
      channel: 'audit',
      priority: 'high',
      openedAt,
      plan: { status: 'resolved', hoursToResolve: 20, rootCause: 'training', firstContact: false, resolution: 'Refresher on greeting customers at the door for the whole team; follow-up visit booked.' },
      opener: null,
      openText: 'Opened by the case rules: A critical audit item failed',
    })
  }
  await database.atomic(statements)
  return { cases: count }
}
