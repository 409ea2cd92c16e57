import type { Compilable, Selectable } from 'kysely'
import type { AppDatabase } from '../db/database.ts'
import type { AssignmentEventTable, AssignmentTable, LocationTable } from '../db/schema.ts'
import { scoreColumns, standardResults, visitDate } from '../domain/audits.ts'
import { newId } from '../../shared/ids.ts'
import { checkAuditAnswers } from '../../shared/audit/answers.ts'
import { scoreAudit } from '../../shared/audit/scoring.ts'
import type { AssignmentStatus } from '../../shared/audit/status.ts'
import { ZAuditTemplateDefinition, type TAuditAnswers, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'
import { SeededRandom } from './random.ts'
import { commentStatements } from '../db/repositories/comments.ts'
import { auditComments } from '../domain/comments.ts'
import { addAudit, addComment, RollupDeltas } from '../domain/rollups.ts'
import { rollupStatements } from '../db/repositories/rollups.ts'

/**
 * The demo's mystery shopping: two published templates ("Branch visit", in its second version,
 * and "Phone call"), a quarter of monthly waves across every branch and store plus the contact
 * centre, and the current month's visits still under way. Audits stand in every status with
 * their full history, a reviewer's edit, an open and a dismissed dispute. Every stored answer set
 * passes the server's checks and every stored score is scoreAudit of those answers, so the demo
 * can never show an audit the app could not have produced.
 */

export interface AuditSeedInput {
  orgId: string
  now: number
  users: { admin: string; manager: string; reviewer: string; shoppers: readonly string[] }
  /** Every location; quality is the share of customers satisfied there (0–1). */
  locations: readonly { id: string; name: string; kind: LocationTable['kind']; town: string; quality: number }[]
  standards: { greet: string; queue: string; clean: string; phone: string }
}

export interface AuditSeedSummary {
  templates: number
  waves: number
  assignments: number
  approved: number
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
/** Assignments per atomic write, at up to about 12 statements each (a D1 batch stays well under 1,000). */
const ASSIGNMENTS_PER_WRITE = 40
const AUDIT_SEED = 0xa0d1_2026

const iso = (ms: number) => new Date(ms).toISOString()
const isoDate = (ms: number) => iso(ms).slice(0, 10)

// ---- templates

function branchVisit(std: AuditSeedInput['standards'], version: 1 | 2): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse({
    title: 'Branch visit',
    briefing:
      'Visit as an ordinary customer during opening hours, ideally between 10am and 4pm. Start the stopwatch as you walk in. Ask for help choosing a product, buy something under £10 and keep the receipt. Never reveal that you are a mystery shopper.',
    settings: { naRule: 'exclude', passTarget: 85, amberTolerance: 10, minApplicableShare: 0.5, staffNamePrivacy: true },
    sections: [
      {
        id: 'arrival',
        title: 'Arrival & greeting',
        items: [
          { id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds of entering', guidance: 'Eye contact and a spoken greeting both count; a nod alone does not.', critical: true, weight: 2, standardIds: [std.greet] },
          { id: 'greet_time', type: 'timing', label: 'Time to be greeted', guidance: 'From stepping inside to the first greeting.', thresholdSeconds: 30 },
          { id: 'queue_wait', type: 'timing', label: 'Queue wait at the till', guidance: 'From joining the queue to being served.', thresholdSeconds: 300, weight: 2, standardIds: [std.queue] },
        ],
      },
      {
        id: 'service',
        title: 'Service',
        items: [
          { id: 'needs', type: 'scale', label: 'Needs explored', max: 5, passAt: 4, lowLabel: 'Not at all', highLabel: 'Thoroughly', guidance: 'Did they ask what you needed and what it was for before suggesting anything?' },
          { id: 'knowledge', type: 'scale', label: version === 1 ? 'Product knowledge' : 'Product knowledge: answers were clear and correct', max: 5, passAt: 4, lowLabel: 'Poor', highLabel: 'Excellent' },
          { id: 'further_help', type: 'yes_no', label: 'Offered further help before you left', naAllowed: true, guidance: 'N/A only if you left before reaching the till.' },
        ],
      },
      {
        id: 'environment',
        title: 'Environment',
        items: [
          { id: 'clean', type: 'yes_no', label: 'Entrance, floor and counters clean and tidy', standardIds: [std.clean] },
          // Version 2 added the fitting rooms; ids stay stable, so version 1 audits still merge.
          ...(version === 2 ? [{ id: 'fitting_rooms', type: 'yes_no', label: 'Fitting rooms clean', naAllowed: true, guidance: 'N/A where the location has no fitting rooms.', standardIds: [std.clean] }] : []),
        ],
      },
      {
        id: 'evidence',
        title: 'Evidence',
        items: [
          { id: 'receipt', type: 'photo', label: 'Receipt photo', required: false, guidance: 'Cover any card number before taking the photo.' },
          { id: 'narrative', type: 'text', label: 'What happened', guidance: 'Describe the visit in order, with times. Facts, not opinions.', maxLength: 4000 },
        ],
      },
    ],
  })
}

function phoneCall(std: AuditSeedInput['standards']): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse({
    title: 'Phone call',
    briefing: 'Call the customer contact centre with the scenario in your instructions. Count the rings and time any hold with the stopwatch.',
    sections: [
      {
        id: 'call',
        title: 'The call',
        items: [
          { id: 'rings', type: 'number', label: 'Rings before the call was answered', unit: 'rings', min: 0, max: 60, target: { op: 'at_most', value: 3 }, standardIds: [std.phone] },
          { id: 'script', type: 'yes_no', label: 'Greeting script used (company, name, offer of help)' },
          {
            id: 'resolved',
            type: 'choice',
            label: 'Was your query resolved?',
            weight: 2,
            choices: [
              { id: 'fully', label: 'Fully, on this call', points: 2 },
              { id: 'partly', label: 'Partly, or with a promised call back', points: 1 },
              { id: 'not', label: 'Not resolved', points: 0 },
            ],
          },
          { id: 'hold', type: 'timing', label: 'Time on hold', thresholdSeconds: 120 },
          { id: 'narrative', type: 'text', label: 'What happened', maxLength: 4000 },
        ],
      },
    ],
  })
}

// ---- how shoppers answer

const STAFF = ['Priya', 'Marek', 'Aisha', 'Dev', 'Sian', 'Grace', 'Tomasz', 'Kemi']
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))
const minutes = (s: number) => (s < 90 ? `${s} seconds` : `${Math.round(s / 60)} minutes`)

function branchAnswers(rng: SeededRandom, def: TAuditTemplateDefinition, quality: number, hasFittingRooms: boolean, missedGreeting: boolean): TAuditAnswers {
  const p = quality
  const greeted = !missedGreeting && rng.chance(Math.min(0.97, p + 0.06))
  const greetTime = greeted ? rng.int(4, 28) : rng.int(35, 140)
  const queue = Math.round(40 + 700 * (1 - p) * (0.4 + 1.6 * rng.next()))
  const needs = clamp(Math.round(5 * p + 0.9 * rng.normal()), 0, 5)
  const knowledge = clamp(Math.round(5 * p + 0.2 + 0.8 * rng.normal()), 0, 5)
  const clean = rng.chance(Math.min(0.98, p + 0.08))
  const answers: TAuditAnswers = {
    greeted: { value: greeted },
    greet_time: { value: greetTime },
    queue_wait: { value: queue },
    needs: { value: needs },
    knowledge: { value: knowledge },
    further_help: rng.chance(0.1) ? { na: true } : { value: rng.chance(p) },
    clean: { value: clean },
  }
  if (def.sections.some((s) => s.items.some((i) => i.id === 'fitting_rooms'))) answers.fitting_rooms = hasFittingRooms ? { value: rng.chance(p) } : { na: true }

  const name = rng.pick(STAFF)
  const named = rng.chance(0.45)
  const lines = [
    greeted ? rng.pick(['A member of staff said hello as soon as I walked in.', `I was greeted within ${greetTime} seconds of walking in.`]) : `Nobody acknowledged me for ${minutes(greetTime)} although two members of staff were talking by the counter.`,
    needs >= 4
      ? named
        ? `${name} asked what I was looking for and what it was for, then suggested two options within my budget.`
        : 'The assistant asked what I was looking for and suggested two options within my budget.'
      : 'The assistant answered my question but did not ask what I needed it for.',
    knowledge <= 2 ? 'When I asked about the warranty I was told to look it up online.' : 'Questions about the warranty and returns were answered clearly.',
    clean ? 'The shop floor and counters were clean and tidy.' : 'Boxes were left in the aisle by the entrance and the counter was sticky.',
    queue > 300 ? `I queued for ${minutes(queue)} with only one till open.` : `The queue took ${minutes(queue)}.`,
    named && rng.chance(0.5) ? `Served by ${name} at the till; paid £${rng.int(3, 9)}.${rng.pick(['50', '99', '25'])} by card.` : `Paid £${rng.int(3, 9)}.${rng.pick(['50', '99', '25'])} by card and kept the receipt.`,
  ]
  answers.narrative = { value: lines.join(' ') }
  return answers
}

function phoneAnswers(rng: SeededRandom, quality: number): TAuditAnswers {
  const rings = clamp(Math.round(1 + 4 * (1 - quality) * 3 * rng.next() + rng.next() * 2), 1, 12)
  const script = rng.chance(quality)
  const resolved = rng.chance(quality) ? 'fully' : rng.chance(0.7) ? 'partly' : 'not'
  const hold = rng.chance(0.4) ? 0 : rng.int(20, Math.round(60 + 300 * (1 - quality)))
  const name = rng.pick(STAFF)
  const lines = [
    `The call was answered after ${rings} ring${rings === 1 ? '' : 's'}.`,
    script ? `The adviser gave the company name, introduced herself as ${name} and offered to help.` : 'The adviser answered with "Hello?" and did not give a name.',
    hold ? `I was put on hold for ${minutes(hold)} while they checked the order.` : 'I was not put on hold.',
    resolved === 'fully' ? 'The delivery date was confirmed and an email arrived within five minutes.' : resolved === 'partly' ? 'They promised a call back the next day about the delivery date.' : 'I was told to call back another day as the system was down.',
  ]
  return { rings: { value: rings }, script: { value: script }, resolved: { value: resolved }, hold: { value: hold }, narrative: { value: lines.join(' ') } }
}

// ---- the seed

interface Plan {
  location: AuditSeedInput['locations'][number]
  template: 'branch' | 'phone'
  waveIndex: number
  status: AssignmentStatus
  /** A return ⇄ resubmit round before the final status. */
  returned?: boolean
  edited?: boolean
  dispute?: 'open' | 'dismissed'
  /** Nobody greets the shopper: the critical item fails. */
  missedGreeting?: boolean
}

const RETURN_COMMENTS = [
  'Please add the queue time in the narrative: the stopwatch shows it but the text does not mention the queue.',
  'The receipt time is 09:40, before the visit window opens at 10:00. Please check the times you recorded.',
  'Please describe what the assistant said when you asked about the warranty.',
]

/** Seeds the audits into the organisation seedDemo has just written. Deterministic for a given `now`. */
export async function seedAudits(database: AppDatabase, input: AuditSeedInput): Promise<AuditSeedSummary> {
  const { db } = database
  const { orgId, users, standards } = input
  const rng = new SeededRandom(AUDIT_SEED)
  const now = input.now
  const monthStart = (offset: number) => {
    const d = new Date(now)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)
  }
  const monthName = (ms: number) => new Date(ms).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })

  // Waves 0–2: the three months before this one; wave 3: this month, still under way.
  const waveStarts = [monthStart(-3), monthStart(-2), monthStart(-1), monthStart(0)]
  const shops = input.locations.filter((l) => l.kind === 'branch' || l.kind === 'store')
  const phoneLine = input.locations.find((l) => l.kind === 'phone_line')

  // -- templates: Branch visit v1 before the quarter, v2 from the second month; Phone call v1.
  const v1Published = waveStarts[0]! - 10 * DAY_MS + 10 * HOUR_MS
  const v2Published = waveStarts[2]! - 6 * DAY_MS + 15 * HOUR_MS
  const branchDefs = [branchVisit(standards, 1), branchVisit(standards, 2)]
  const phoneDef = phoneCall(standards)
  const branchId = newId(v1Published - 3 * DAY_MS)
  const phoneId = newId(v1Published - 2 * DAY_MS)
  const versions = {
    branch: [
      { id: newId(v1Published), def: branchDefs[0]!, published: v1Published, status: 'archived' as const },
      { id: newId(v2Published), def: branchDefs[1]!, published: v2Published, status: 'published' as const },
    ],
    phone: [{ id: newId(v1Published), def: phoneDef, published: v1Published, status: 'published' as const }],
  }
  const statements: Compilable[] = [
    db.insertInto('audit_template').values({ id: branchId, org_id: orgId, title: 'Branch visit', archived_at: null, created_at: iso(v1Published - 3 * DAY_MS), updated_at: iso(v2Published) }),
    db.insertInto('audit_template').values({ id: phoneId, org_id: orgId, title: 'Phone call', archived_at: null, created_at: iso(v1Published - 2 * DAY_MS), updated_at: iso(v1Published) }),
  ]
  for (const [key, templateId] of [['branch', branchId], ['phone', phoneId]] as const)
    versions[key].forEach((v, i) =>
      statements.push(
        db.insertInto('audit_template_version').values({ id: v.id, org_id: orgId, template_id: templateId, version: i + 1, status: v.status, definition: JSON.stringify(v.def), created_by: users.manager, created_at: iso(v.published - DAY_MS), published_at: iso(v.published) }),
      ),
    )

  // -- waves
  const waves: { id: string; template: 'branch' | 'phone'; index: number; created: number }[] = []
  waveStarts.forEach((start, index) => {
    const created = start - 4 * DAY_MS + 9 * HOUR_MS
    const branchWave = { id: newId(created), template: 'branch' as const, index, created }
    waves.push(branchWave)
    statements.push(db.insertInto('audit_wave').values({ id: branchWave.id, org_id: orgId, name: `Branch visits – ${monthName(start)}`, template_id: branchId, created_by: users.manager, created_at: iso(created) }))
    if (phoneLine) {
      const phoneWave = { id: newId(created + HOUR_MS), template: 'phone' as const, index, created: created + HOUR_MS }
      waves.push(phoneWave)
      statements.push(db.insertInto('audit_wave').values({ id: phoneWave.id, org_id: orgId, name: `Contact centre calls – ${monthName(start)}`, template_id: phoneId, created_by: users.manager, created_at: iso(phoneWave.created) }))
    }
  })
  await database.atomic(statements)

  // -- which audit stands where: most past audits approved; the last month still has some in review.
  const plans: Plan[] = []
  const past = (index: number, shop: number): Omit<Plan, 'location' | 'template' | 'waveIndex'> => {
    if (index === 0 && shop === 5) return { status: 'rejected' }
    // The two struggling stores each have a visit where nobody greeted the shopper.
    if (index === 0 && shop === 3) return { status: 'approved', missedGreeting: true }
    if (index === 1 && shop === 1) return { status: 'approved', missedGreeting: true }
    if (index === 1 && shop === 2) return { status: 'approved', returned: true }
    if (index === 1 && shop === 4) return { status: 'approved', edited: true }
    if (index === 1 && shop === 3) return { status: 'approved', dispute: 'dismissed' }
    if (index === 2 && shop === 1) return { status: 'approved', dispute: 'open' }
    if (index === 2 && shop === 0) return { status: 'submitted' }
    if (index === 2 && shop === 3) return { status: 'resubmitted', returned: true }
    if (index === 2 && shop === 6) return { status: 'returned' }
    if (index === 2 && shop === 7) return { status: 'rejected', returned: true }
    return { status: 'approved' }
  }
  const current: AssignmentStatus[] = ['assigned', 'assigned', 'accepted', 'accepted', 'in_progress', 'in_progress', 'submitted', 'assigned']
  for (let index = 0; index < 4; index++) {
    shops.forEach((location, shop) => plans.push({ location, template: 'branch', waveIndex: index, ...(index < 3 ? past(index, shop) : { status: current[shop % current.length]! }) }))
    if (phoneLine)
      for (let call = 0; call < (index < 3 ? 2 : 1); call++)
        plans.push({ location: phoneLine, template: 'phone', waveIndex: index, status: index < 3 ? (index === 2 && call === 1 ? 'submitted' : 'approved') : 'assigned' })
  }

  let pending: Compilable[] = []
  let inPending = 0
  // The rollups of a write's approved audits, merged and written once with them.
  let rollups = new RollupDeltas()
  let approved = 0
  for (const [n, plan] of plans.entries()) {
    const wave = waves.find((w) => w.template === plan.template && w.index === plan.waveIndex)!
    const start = waveStarts[plan.waveIndex]!
    const isCurrent = plan.waveIndex === 3
    const version = versions[plan.template].filter((v) => v.published <= wave.created).at(-1)!
    const shopperId = input.users.shoppers[n % input.users.shoppers.length]!
    const visitFrom = isCurrent ? Math.min(start, now - 5 * DAY_MS) : start
    const visitTo = isCurrent ? Math.max(monthStart(1) - DAY_MS, now + 7 * DAY_MS) : start + 19 * DAY_MS
    const id = newId(wave.created)
    const row: Selectable<AssignmentTable> = {
      id,
      org_id: orgId,
      template_id: plan.template === 'branch' ? branchId : phoneId,
      version_id: version.id,
      location_id: plan.location.id,
      shopper_id: shopperId,
      wave_id: wave.id,
      visit_from: isoDate(visitFrom),
      visit_to: isoDate(visitTo),
      due_at: iso(visitTo + DAY_MS + 17 * HOUR_MS),
      instructions: plan.template === 'branch' ? 'Ask for help choosing headphones under £50 and buy a small item.' : 'Ask when your order will be delivered; the order number is in the briefing pack.',
      status: plan.status,
      answers: '{}',
      revision: 0,
      visit_started_at: null,
      visit_ended_at: null,
      score_percent: null,
      outcome: null,
      earned: null,
      possible: null,
      insufficient: 0,
      created_by: users.manager,
      created_at: iso(wave.created),
      updated_at: iso(wave.created),
      accepted_at: null,
      submitted_at: null,
      reviewed_at: null,
      reviewed_by: null,
      approved_at: null,
    }
    const events: Omit<Selectable<AssignmentEventTable>, 'id' | 'org_id' | 'assignment_id'>[] = []
    const move = (at: number, user: string, from: AssignmentStatus, to: AssignmentStatus, message = '') => {
      events.push({ at: iso(at), user_id: user, kind: 'status', from_status: from, to_status: to, item_id: null, old_value: null, new_value: null, message })
      row.updated_at = iso(at)
    }

    if (plan.status !== 'assigned') {
      const acceptedAt = isCurrent ? Math.max(wave.created + HOUR_MS, Math.min(wave.created + rng.int(1, 3) * DAY_MS, now - 4 * DAY_MS)) : wave.created + rng.int(1, 3) * DAY_MS + rng.int(8, 20) * HOUR_MS
      row.accepted_at = iso(acceptedAt)
      move(acceptedAt, shopperId, 'assigned', 'accepted')
    }
    if (plan.status !== 'assigned' && plan.status !== 'accepted') {
      const def = version.def
      // Visits happen in opening hours; this month's are within the last few days.
      const visitStart = isCurrent
        ? now - (plan.status === 'in_progress' ? rng.int(2, 20) * HOUR_MS : rng.int(2, 3) * DAY_MS)
        : start + rng.int(1, 13) * DAY_MS + (plan.template === 'branch' ? rng.int(10, 15) : rng.int(9, 17)) * HOUR_MS + rng.int(0, 59) * MINUTE_MS
      const visitMinutes = plan.template === 'branch' ? rng.int(12, 35) : rng.int(4, 15)
      let answers = plan.template === 'branch' ? branchAnswers(rng, def, plan.location.quality, plan.location.kind === 'store', plan.missedGreeting === true) : phoneAnswers(rng, plan.location.quality)
      row.visit_started_at = iso(visitStart)
      move(visitStart - rng.int(5, 30) * MINUTE_MS, shopperId, 'accepted', 'in_progress')
      if (plan.status === 'in_progress') {
        // Part-way through the visit: the arrival section only.
        answers = Object.fromEntries(Object.entries(answers).filter(([item]) => ['greeted', 'greet_time', 'rings', 'script'].includes(item)))
        row.revision = 1
      } else {
        row.visit_ended_at = iso(visitStart + visitMinutes * MINUTE_MS)
        let at = visitStart + visitMinutes * MINUTE_MS + rng.int(20, 180) * MINUTE_MS
        row.revision = rng.int(2, 4)
        row.submitted_at = iso(at)
        move(at, shopperId, 'in_progress', 'submitted')
        let awaiting: AssignmentStatus = 'submitted'
        if (plan.returned || plan.status === 'returned') {
          at += rng.int(18, 30) * HOUR_MS
          row.reviewed_at = iso(at)
          row.reviewed_by = users.reviewer
          move(at, users.reviewer, awaiting, 'returned', RETURN_COMMENTS[n % RETURN_COMMENTS.length])
          if (plan.status !== 'returned') {
            at += rng.int(5, 26) * HOUR_MS
            const narrative = answers.narrative?.value
            if (typeof narrative === 'string') answers.narrative = { value: `${narrative} (Times checked against the stopwatch and the receipt.)` }
            row.revision += 1
            row.submitted_at = iso(at)
            move(at, shopperId, 'returned', 'resubmitted')
            awaiting = 'resubmitted'
          }
        }
        if (plan.edited) {
          // The reviewer corrects one answer from the shopper's own narrative, with the reason.
          at += rng.int(2, 6) * HOUR_MS
          // The shopper's slip on product knowledge, corrected from their own narrative.
          const knowledge = Number(answers.knowledge?.value ?? 3)
          const clear = knowledge > 2
          const old = { value: clear ? knowledge - 2 : knowledge + 2 }
          const corrected = { value: knowledge }
          const reason = clear
            ? 'The narrative says the warranty and returns questions were answered clearly: the score entered contradicts it.'
            : 'The narrative says the assistant sent you online for the warranty: the score entered was too generous.'
          events.push({ at: iso(at), user_id: users.reviewer, kind: 'edit', from_status: null, to_status: null, item_id: 'knowledge', old_value: JSON.stringify(old), new_value: JSON.stringify(corrected), message: reason })
          answers = { ...answers, knowledge: corrected }
        }
        if (plan.status === 'approved' || plan.status === 'rejected') {
          at += rng.int(10, 40) * HOUR_MS
          row.reviewed_at = iso(at)
          row.reviewed_by = users.reviewer
          if (plan.status === 'approved') {
            row.approved_at = iso(at)
            move(at, users.reviewer, awaiting, 'approved')
            approved++
          } else {
            move(at, users.reviewer, awaiting, 'rejected', plan.returned ? 'The receipt shows the visit happened outside the visit window, so this audit cannot count.' : 'The shopper was recognised by the branch manager: the visit cannot be treated as anonymous.')
          }
        }
        if (plan.dispute) {
          const raised = Date.parse(row.approved_at!) + rng.int(1, 4) * DAY_MS
          const reason = 'The queue time does not match our till records for that afternoon: two tills were open and the longest wait logged was under three minutes.'
          events.push({ at: iso(raised), user_id: users.manager, kind: 'dispute', from_status: null, to_status: null, item_id: null, old_value: null, new_value: null, message: reason })
          const dispute = { id: newId(raised), org_id: orgId, assignment_id: id, raised_by: users.manager, raised_at: iso(raised), reason, status: plan.dispute, resolved_by: null as string | null, resolved_at: null as string | null, resolution: '' }
          if (plan.dispute === 'dismissed') {
            const resolved = raised + rng.int(1, 3) * DAY_MS
            dispute.resolved_by = users.reviewer
            dispute.resolved_at = iso(resolved)
            dispute.resolution = 'The stopwatch reading and the receipt time agree; the till log covers a different entrance. The result stands.'
            events.push({ at: iso(resolved), user_id: users.reviewer, kind: 'dispute', from_status: null, to_status: null, item_id: null, old_value: null, new_value: null, message: `Dispute dismissed: ${dispute.resolution}` })
          }
          pending.push(db.insertInto('audit_dispute').values(dispute))
        }
      }

      const { problems, answers: clean } = checkAuditAnswers(def, answers, plan.status === 'in_progress' || plan.status === 'returned' ? 'draft' : 'submit')
      if (problems.length) throw new Error(`a demo audit does not fit its template: ${JSON.stringify(problems)}`)
      const score = scoreAudit(def, clean)
      Object.assign(row, scoreColumns(score), { answers: JSON.stringify(clean) })
      if (plan.status === 'approved') {
        const date = visitDate(row)
        const results = standardResults(def, clean)
        for (const r of results) pending.push(db.insertInto('audit_standard_result').values({ org_id: orgId, assignment_id: id, location_id: row.location_id, visit_date: date, ...r }))
        const comments = auditComments(def, clean, { orgId, assignmentId: id, templateId: row.template_id, locationId: row.location_id, visit_started_at: row.visit_started_at, visit_from: row.visit_from })
        pending.push(...commentStatements(db, comments))
        addAudit(rollups, 1, { template_id: row.template_id, location_id: row.location_id, day: date, percent: score.percent, outcome: score.outcome, standards: results })
        for (const c of comments) addComment(rollups, 1, { source: 'audit', form_id: c.form_id, location_id: c.location_id ?? null, at: c.at, final_label: c.final_label ?? null, final_themes: c.final_themes, score: c.score }, null)
      }
    }
    if (Date.parse(row.updated_at) > now) throw new Error('a demo audit event lies in the future')
    pending.unshift(db.insertInto('assignment').values(row))
    for (const e of events) pending.push(db.insertInto('assignment_event').values({ id: newId(Date.parse(e.at)), org_id: orgId, assignment_id: id, ...e }))
    if (++inPending >= ASSIGNMENTS_PER_WRITE) {
      await database.atomic([...pending, ...rollupStatements(db, orgId, rollups)])
      pending = []
      inPending = 0
      rollups = new RollupDeltas()
    }
  }
  if (pending.length) await database.atomic([...pending, ...rollupStatements(db, orgId, rollups)])
  return { templates: 2, waves: waves.length, assignments: plans.length, approved }
}
