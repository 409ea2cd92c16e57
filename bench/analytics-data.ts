import BetterSqlite3 from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Compilable } from 'kysely'
import { migrateToLatest } from '../server/db/database.ts'
import { openSqliteDatabase } from '../server/db/sqlite.ts'
import { insertOrganisation, insertUser } from '../server/db/repositories/accounts.ts'
import { insertLocation, insertStandard, insertStandardTarget } from '../server/db/repositories/register.ts'
import { insertCollector, insertSurvey, insertVersion } from '../server/db/repositories/surveys.ts'
import { rebuildRollups } from '../server/db/repositories/rollups.ts'
import { taggedColumns } from '../server/domain/comments.ts'
import { scoreColumns, standardResults } from '../server/domain/audits.ts'
import { FIRST_TARGET_FROM } from '../server/domain/standards.ts'
import { commentTone, writeComment, type CommentChannel } from '../server/demo/comments.ts'
import { normalQuantile, SeededRandom } from '../server/demo/random.ts'
import { hashPassword } from '../server/lib/crypto.ts'
import type { LocationTable, StandardTable } from '../server/db/schema.ts'
import { newId, newToken } from '../shared/ids.ts'
import { TAGGER_VERSION } from '../shared/sentiment/index.ts'
import { ZSurveyDefinition, allQuestions, type TSurveyDefinition } from '../shared/survey/definition.ts'
import { isCounted, storedAnswer, type AnswerValue } from '../shared/survey/answers.ts'
import { missingTranslations } from '../shared/survey/i18n.ts'
import { ZAuditTemplateDefinition, type TAuditAnswers, type TAuditTemplateDefinition } from '../shared/audit/template.ts'
import { checkAuditAnswers } from '../shared/audit/answers.ts'
import { scoreAudit } from '../shared/audit/scoring.ts'

/**
 * The analytics benchmark's data: one organisation with 20 locations, 3 published surveys (NPS,
 * CSAT, CES, two ratings, a yes/no and a comment, every scale linked to a standard), links per
 * location and channel, English and French respondents, a year of responses with weekly and
 * seasonal rhythm and locations that differ (and drift) in quality, tagged comments on about 30%,
 * and approved mystery-shop audits with their per-standard results. Raw rows are written straight
 * into SQLite (prepared statements, big transactions, synchronous=OFF while generating), exactly
 * as the write path stores them, then the rollups are built by `rebuildRollups`. The file is
 * cached, keyed by GENERATOR_VERSION and size; a cached file is brought up to date in place
 * (migrations, a newer tagger's labels, rollups rebuilt when their code changed).
 */

/** Raise when the generated data changes shape: cached files of other versions are not used. */
export const GENERATOR_VERSION = 1

/** The generated year ends on this day (fixed, so a cached file and its periods stay comparable). */
export const LAST_DAY = '2026-11-21'
const DAYS = 365
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000
const RANDOM_SEED = 0xa11_2026

export const BENCH_LOGIN = { email: 'analyst@bench.example', password: 'bench-analytics-2026' }

export interface DatasetSize {
  /** Short name used in figure keys: '1m', '10k'. */
  label: string
  responses: number
  audits: number
}

export const SIZES = {
  million: { label: '1m', responses: 1_000_000, audits: 10_000 },
  tenThousand: { label: '10k', responses: 10_000, audits: 100 },
} as const satisfies Record<string, DatasetSize>

type StandardKey = 'csat' | 'nps' | 'ces' | 'explain' | 'courtesy' | 'resolve' | 'greet' | 'queue' | 'clean' | 'phone'
type SurveyKey = 'visit' | 'contact' | 'online'

export interface DatasetIds {
  orgId: string
  surveys: Record<SurveyKey, string>
  versions: Record<SurveyKey, string[]>
  standards: Record<StandardKey, string>
  locations: string[]
  templates: { branch: string; phone: string }
}

export interface DatasetMeta {
  generatorVersion: number
  label: string
  responses: number
  answers: number
  comments: number
  audits: number
  firstDay: string
  lastDay: string
  generationSeconds: number
  /** The tagger version the comments carry. */
  taggerVersion: string
  /** Hash of the rollup code the stored rollups were built with. */
  rollupHash: string
  rollupRows: number
  rebuildSeconds: number
  bytes: number
  ids: DatasetIds
}

export interface Dataset {
  /** The cached file: copy it before serving from it (the server writes sessions). */
  file: string
  meta: DatasetMeta
  /** True when the file was already cached (nothing generated this run). */
  cached: boolean
  /** What was done to a cached file to bring it up to date, if anything. */
  refreshed: string[]
}

export function cacheDir(): string {
  return resolve(process.env.BENCH_CACHE_DIR ?? join(tmpdir(), 'yardstick-bench-cache'))
}

const repo = resolve(fileURLToPath(import.meta.url), '../..')

/** The code that decides what the rollup rows hold: when it changes, cached rollups are rebuilt. */
function rollupHash(): string {
  const h = createHash('sha256')
  for (const f of ['server/db/repositories/rollups.ts', 'server/domain/rollups.ts']) {
    const path = join(repo, f)
    h.update(existsSync(path) ? readFileSync(path) : '')
  }
  return h.digest('hex').slice(0, 16)
}

// ---- the organisation

interface LinkPlan {
  channel: string
  label: string
  survey: SurveyKey
  share: number
  hours: [number, number]
}

interface LocationPlan {
  name: string
  code: string
  kind: LocationTable['kind']
  town: string
  comments: CommentChannel
  volume: number
  /** Share of customers satisfied (CSAT 4–5) at the start and at the end of the year. */
  satisfied: [number, number]
  weekdays: readonly number[]
  links: LinkPlan[]
}

const SHOP_WEEK = [0.55, 0.85, 0.9, 0.95, 1, 1.15, 1.4]
const PHONE_WEEK = [0, 1.3, 1.15, 1.05, 1, 0.95, 0.45]
const WEB_WEEK = [1.15, 1, 0.95, 0.95, 0.95, 0.9, 1]
/** Volume by month (January first) and service strain by month (December queues, August holidays). */
const MONTH_VOLUME = [0.85, 0.8, 0.9, 0.95, 1, 1, 1.05, 1.05, 0.95, 1, 1.15, 1.3]
const MONTH_QUALITY = [0.03, 0, 0, 0, 0, 0, 0, -0.03, 0, 0, -0.05, -0.15]

const TOWNS: [town: string, street: string, kind: 'branch' | 'store', volume: number, satisfied: [number, number], kiosk: boolean][] = [
  ['Leeds', 'Briggate', 'branch', 1.3, [0.89, 0.9], true],
  ['Manchester', 'Market Street', 'store', 1.5, [0.77, 0.76], false],
  ['York', 'Coney Street', 'store', 1, [0.72, 0.91], true],
  ['Sheffield', 'Fargate', 'branch', 1.1, [0.92, 0.76], false],
  ['Bristol', 'Broadmead', 'store', 1.2, [0.87, 0.88], false],
  ['Norwich', 'Gentleman’s Walk', 'branch', 0.9, [0.8, 0.81], false],
  ['Harrogate', 'James Street', 'store', 0.6, [0.94, 0.95], false],
  ['Nottingham', 'Clumber Street', 'branch', 1, [0.85, 0.86], true],
  ['Liverpool', 'Church Street', 'store', 1.4, [0.83, 0.8], false],
  ['Newcastle', 'Northumberland Street', 'branch', 1.2, [0.86, 0.89], false],
  ['Birmingham', 'New Street', 'store', 1.6, [0.79, 0.84], true],
  ['Cambridge', 'Sidney Street', 'store', 0.7, [0.91, 0.92], false],
  ['Oxford', 'Cornmarket Street', 'branch', 0.8, [0.9, 0.87], false],
  ['Cardiff', 'Queen Street', 'store', 1.1, [0.84, 0.85], false],
  ['Glasgow', 'Buchanan Street', 'branch', 1.3, [0.82, 0.88], false],
  ['Edinburgh', 'Princes Street', 'store', 1.2, [0.88, 0.87], false],
]

function plans(): LocationPlan[] {
  const shops = TOWNS.map(([town, street, kind, volume, satisfied, kiosk], i): LocationPlan => ({
    name: `${town} – ${street}`,
    code: `${town.slice(0, 3).toUpperCase()}${String(i + 1).padStart(2, '0')}`,
    kind,
    town,
    comments: 'in_person',
    volume,
    satisfied,
    weekdays: SHOP_WEEK,
    links: [
      { channel: 'receipt', label: `Receipt QR – ${town}`, survey: 'visit', share: kiosk ? 0.4 : 0.45, hours: [10, 22] },
      { channel: 'qr', label: `Counter poster – ${town}`, survey: 'visit', share: kiosk ? 0.45 : 0.55, hours: [9, 17.5] },
      ...(kiosk ? [{ channel: 'kiosk', label: `Exit kiosk – ${town}`, survey: 'visit' as const, share: 0.15, hours: [9, 17.5] as [number, number] }] : []),
    ],
  }))
  const phone = (name: string, code: string, town: string, volume: number, satisfied: [number, number]): LocationPlan => ({
    name,
    code,
    kind: 'phone_line',
    town,
    comments: 'phone',
    volume,
    satisfied,
    weekdays: PHONE_WEEK,
    links: [
      { channel: 'sms', label: `SMS after call – ${name}`, survey: 'contact', share: 0.7, hours: [8.5, 19.5] },
      { channel: 'email', label: `Email after call – ${name}`, survey: 'contact', share: 0.3, hours: [8.5, 22] },
    ],
  })
  const web = (name: string, code: string, volume: number, satisfied: [number, number]): LocationPlan => ({
    name,
    code,
    kind: 'website',
    town: 'online',
    comments: 'online',
    volume,
    satisfied,
    weekdays: WEB_WEEK,
    links: [
      { channel: 'email', label: `Order confirmation email – ${name}`, survey: 'online', share: 0.6, hours: [7, 23.5] },
      { channel: 'web', label: `After checkout – ${name}`, survey: 'online', share: 0.4, hours: [6, 24] },
    ],
  })
  return [
    ...shops,
    phone('Contact centre – Leeds', 'CC01', 'Leeds', 1.6, [0.82, 0.87]),
    phone('Contact centre – Glasgow', 'CC02', 'Glasgow', 1.1, [0.8, 0.78]),
    web('Website', 'WEB01', 1.4, [0.86, 0.87]),
    web('Mobile app', 'APP01', 0.9, [0.84, 0.89]),
  ]
}

const STANDARDS: { key: StandardKey; row: Pick<StandardTable, 'code' | 'title' | 'description' | 'owner' | 'channel' | 'customer_type' | 'dimension' | 'metric' | 'target' | 'tolerance' | 'direction'> }[] = [
  { key: 'csat', row: { code: 'SAT-01', title: 'Customers are satisfied with the service', description: 'At least 85% rate their satisfaction 4 or 5 out of 5.', owner: 'Head of Customer Experience', channel: 'All channels', customer_type: 'external', dimension: 'reliability', metric: 'csat', target: 85, tolerance: 5, direction: 'higher' } },
  { key: 'nps', row: { code: 'REC-01', title: 'Customers would recommend us', description: 'Net Promoter Score of at least +40.', owner: 'Head of Customer Experience', channel: 'All channels', customer_type: 'external', dimension: 'assurance', metric: 'nps', target: 40, tolerance: 10, direction: 'higher' } },
  { key: 'ces', row: { code: 'EFF-01', title: 'It is easy to get things done with us', description: 'Customer effort averages at least 5.5 out of 7.', owner: 'Service Design Lead', channel: 'All channels', customer_type: 'external', dimension: 'responsiveness', metric: 'ces', target: 5.5, tolerance: 0.5, direction: 'higher' } },
  { key: 'explain', row: { code: 'EXP-01', title: 'Staff explain things clearly', description: 'At least 90% say staff explained things clearly.', owner: 'Learning and Development Manager', channel: 'Branches and stores', customer_type: 'external', dimension: 'assurance', metric: 'yes_rate', target: 90, tolerance: 5, direction: 'higher' } },
  { key: 'courtesy', row: { code: 'CRT-01', title: 'Staff are courteous', description: 'Courtesy rated at least 4.2 out of 5 on average.', owner: 'Retail Operations Manager', channel: 'All channels', customer_type: 'external', dimension: 'empathy', metric: 'rating_mean', target: 4.2, tolerance: 0.2, direction: 'higher' } },
  { key: 'resolve', row: { code: 'RES-01', title: 'Queries are resolved first time', description: 'At least 80% say their query was resolved on the first contact.', owner: 'Contact Centre Manager', channel: 'Contact centre and online', customer_type: 'external', dimension: 'reliability', metric: 'yes_rate', target: 80, tolerance: 5, direction: 'higher' } },
  { key: 'greet', row: { code: 'GRT-01', title: 'Greet every customer within 30 seconds', description: 'Checked by mystery shoppers.', owner: 'Retail Operations Manager', channel: 'Branches and stores', customer_type: 'external', dimension: 'empathy', metric: 'audit_compliance', target: 95, tolerance: 5, direction: 'higher' } },
  { key: 'queue', row: { code: 'QUE-01', title: 'Queue for no more than 5 minutes', description: 'Timed by mystery shoppers.', owner: 'Retail Operations Manager', channel: 'Branches and stores', customer_type: 'external', dimension: 'responsiveness', metric: 'timing', target: 90, tolerance: 5, direction: 'higher' } },
  { key: 'clean', row: { code: 'CLN-01', title: 'Premises are clean and tidy', description: 'Checked by mystery shoppers.', owner: 'Facilities Manager', channel: 'Branches and stores', customer_type: 'external', dimension: 'tangibles', metric: 'audit_compliance', target: 95, tolerance: 5, direction: 'higher' } },
  { key: 'phone', row: { code: 'TEL-01', title: 'Answer calls within 3 rings', description: 'Checked by mystery shoppers.', owner: 'Contact Centre Manager', channel: 'Contact centre', customer_type: 'both', dimension: 'responsiveness', metric: 'timing', target: 90, tolerance: 5, direction: 'higher' } },
]

const FRENCH: Record<string, string> = {
  nps: 'Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?',
  csat: 'Dans l’ensemble, êtes-vous satisfait du service reçu ?',
  ces: 'Il a été facile d’obtenir ce dont j’avais besoin.',
  courtesy: 'Le personnel a-t-il été courtois ?',
  speed: 'Avez-vous été servi rapidement ?',
  yes: 'Oui ou non ?',
  comment: 'Quelle est la raison principale de vos réponses ?',
}

/** Six counted questions (NPS, CSAT, CES, two ratings, a yes/no) and a comment, each scale linked to its standard. */
function survey(key: SurveyKey, std: Record<StandardKey, string>, version: 1 | 2): TSurveyDefinition {
  const titles: Record<SurveyKey, string> = { visit: 'Post-visit feedback', contact: 'Contact centre follow-up', online: 'Online order feedback' }
  const yesNo: Record<SurveyKey, { id: string; text: string; standard: StandardKey }> = {
    visit: { id: 'explained', text: 'Did staff explain things clearly?', standard: 'explain' },
    contact: { id: 'resolved', text: 'Was your query resolved on this call?', standard: 'resolve' },
    online: { id: 'resolved', text: 'Did your order arrive complete and as described?', standard: 'resolve' },
  }
  const yn = yesNo[key]
  const def = {
    title: titles[key],
    intro: 'Two minutes of your time helps the team improve.',
    language: 'en',
    pages: [
      {
        id: 'main',
        title: 'Your experience',
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend or colleague?', required: true, standardIds: [std.nps] },
          { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with the service you received?', required: true, standardIds: [std.csat] },
          { id: 'ces', type: 'ces', text: version === 1 ? 'It was easy to get what I came for.' : 'We made it easy for you to get what you came for.', standardIds: [std.ces] },
          { id: 'courtesy', type: 'rating', points: 5, style: 'stars', text: 'How courteous were our staff?', standardIds: [std.courtesy] },
          { id: 'speed', type: 'rating', points: 5, style: 'stars', text: 'How quickly were you served?' },
          { id: yn.id, type: 'yes_no', text: yn.text, standardIds: [std[yn.standard]] },
        ],
      },
      { id: 'more', title: 'Anything else?', questions: [{ id: 'comment', type: 'comment', text: 'What is the main reason for your answers?' }] },
    ],
  }
  const parsed = ZSurveyDefinition.parse(def)
  // A French translation of every string the respondent sees.
  const strings: Record<string, string> = {}
  for (const k of missingTranslations(parsed, {})) {
    const q = /^q\.([^.]+)\.text$/.exec(k)?.[1]
    strings[k] = q ? (FRENCH[q] ?? FRENCH.yes!) : k === 'title' ? 'Votre avis' : k.startsWith('page.') ? 'Votre expérience' : 'Merci de votre aide.'
  }
  return ZSurveyDefinition.parse({ ...def, translations: { fr: strings } })
}

function branchTemplate(std: Record<StandardKey, string>): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse({
    title: 'Branch visit',
    briefing: 'Visit as an ordinary customer, ask for help choosing a product and buy something small.',
    settings: { naRule: 'exclude', passTarget: 85, amberTolerance: 10, minApplicableShare: 0.5, staffNamePrivacy: true },
    sections: [
      {
        id: 'arrival',
        title: 'Arrival',
        items: [
          { id: 'greeted', type: 'yes_no', label: 'Greeted within 30 seconds of entering', critical: true, weight: 2, standardIds: [std.greet] },
          { id: 'queue_wait', type: 'timing', label: 'Queue wait at the till', thresholdSeconds: 300, weight: 2, standardIds: [std.queue] },
        ],
      },
      {
        id: 'service',
        title: 'Service',
        items: [
          { id: 'needs', type: 'scale', label: 'Needs explored', max: 5, passAt: 4 },
          { id: 'knowledge', type: 'scale', label: 'Answers were clear and correct', max: 5, passAt: 4, standardIds: [std.explain] },
          { id: 'clean', type: 'yes_no', label: 'Entrance, floor and counters clean and tidy', standardIds: [std.clean] },
          { id: 'narrative', type: 'text', label: 'What happened', maxLength: 4000 },
        ],
      },
    ],
  })
}

function phoneTemplate(std: Record<StandardKey, string>): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse({
    title: 'Phone call',
    briefing: 'Call the contact centre with the scenario in your instructions.',
    sections: [
      {
        id: 'call',
        title: 'The call',
        items: [
          { id: 'rings', type: 'number', label: 'Rings before the call was answered', unit: 'rings', min: 0, max: 60, target: { op: 'at_most', value: 3 }, standardIds: [std.phone] },
          { id: 'script', type: 'yes_no', label: 'Greeting script used' },
          { id: 'resolved', type: 'yes_no', label: 'Query resolved on the call', weight: 2, standardIds: [std.resolve] },
          { id: 'narrative', type: 'text', label: 'What happened', maxLength: 4000 },
        ],
      },
    ],
  })
}

// ---- answers

const CSAT_CUTS = [-1.6, -0.9, 0, 1.1]
const NPS_CUTS = [-2.6, -2.2, -1.8, -1.4, -1, -0.6, -0.135, 0.45, 0.99, 1.9]
const CES_CUTS = [-1.8, -1.1, -0.5, 0.1, 0.8, 1.6]
const RATING_CUTS = [-1.9, -1.1, -0.3, 0.7]
const YES_CUT = -0.24

function cut(x: number, cuts: readonly number[]): number {
  let i = 0
  while (i < cuts.length && x >= cuts[i]!) i++
  return i
}

const FRENCH_COMMENTS = [
  'Très bon accueil, personnel souriant et efficace.',
  'Attente beaucoup trop longue à la caisse, une seule caisse ouverte.',
  'Conseils utiles, mais le produit n’était pas disponible.',
  'Service rapide et agréable, merci.',
  'Personne pour m’aider en rayon, dommage.',
  'Commande arrivée en retard et sans nouvelles.',
]

const STAFF = ['Priya', 'Marek', 'Aisha', 'Dev', 'Sian', 'Grace', 'Tomasz', 'Kemi']

const iso = (ms: number) => new Date(ms).toISOString()
const isoDate = (ms: number) => iso(ms).slice(0, 10)

/** Tags each distinct text once: comments repeat the same bank, so a run tags a few thousand texts. */
class TagCache {
  private readonly map = new Map<string, ReturnType<typeof taggedColumns>>()
  tag(text: string) {
    let t = this.map.get(text)
    if (!t) this.map.set(text, (t = taggedColumns(text)))
    return t
  }
  get size() {
    return this.map.size
  }
}

// ---- generation

interface Progress {
  (msg: string): void
}

/**
 * Whole numbers proportional to `weights` that add up to exactly `total` (largest remainder),
 * so the database holds exactly the responses asked for.
 */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (w / sum) * total)
  const out = exact.map(Math.floor)
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0])
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++
  return out
}

async function generate(file: string, size: DatasetSize, log: Progress): Promise<DatasetMeta> {
  const started = performance.now()
  const lastMs = Date.parse(`${LAST_DAY}T00:00:00Z`)
  const firstDayMs = lastMs - (DAYS - 1) * DAY_MS
  const orgCreated = firstDayMs - 60 * DAY_MS
  const published = firstDayMs - 7 * DAY_MS
  const secondPublished = firstDayMs + 200 * DAY_MS

  // -- the register, surveys and links through the repositories (a few hundred rows)
  const database = openSqliteDatabase(file)
  await migrateToLatest(database)
  const { db } = database
  const locations = plans()
  const orgId = newId(orgCreated)
  const setup: Compilable[] = [insertOrganisation(db, { id: orgId, name: 'Bench Retail Group', created_at: iso(orgCreated) })]
  const hash = await hashPassword(BENCH_LOGIN.password)
  const people = [
    { email: BENCH_LOGIN.email, name: 'Bench Analyst', role: 'admin' as const },
    { email: 'manager@bench.example', name: 'Bench Manager', role: 'manager' as const },
    { email: 'reviewer@bench.example', name: 'Bench Reviewer', role: 'reviewer' as const },
    ...Array.from({ length: 6 }, (_v, i) => ({ email: `shopper${i + 1}@bench.example`, name: `Shopper ${i + 1}`, role: 'shopper' as const })),
  ]
  const userIds = people.map((p, i) => {
    const id = newId(orgCreated + i)
    setup.push(insertUser(db, { id, org_id: orgId, email: p.email, name: p.name, role: p.role, password_hash: hash, active: 1, created_at: iso(orgCreated), updated_at: iso(orgCreated) }))
    return id
  })
  const [adminId, managerId, reviewerId] = userIds as [string, string, string]
  const shopperIds = userIds.slice(3)
  const locationIds = locations.map((l, i) => {
    const id = newId(orgCreated + DAY_MS + i)
    setup.push(insertLocation(db, { id, org_id: orgId, name: l.name, code: l.code, kind: l.kind, address: l.town, archived_at: null, created_at: iso(orgCreated + DAY_MS), updated_at: iso(orgCreated + DAY_MS) }))
    return id
  })
  const standards = {} as Record<StandardKey, string>
  for (const [i, s] of STANDARDS.entries()) {
    const id = newId(orgCreated + 2 * DAY_MS + i)
    standards[s.key] = id
    setup.push(insertStandard(db, { id, org_id: orgId, ...s.row, archived_at: null, created_at: iso(orgCreated + 2 * DAY_MS), updated_at: iso(orgCreated + 2 * DAY_MS) }))
    setup.push(insertStandardTarget(db, { id: newId(orgCreated + 2 * DAY_MS + i), org_id: orgId, standard_id: id, target: s.row.target, tolerance: s.row.tolerance, direction: s.row.direction, effective_from: FIRST_TARGET_FROM, changed_by: adminId, created_at: iso(orgCreated + 2 * DAY_MS) }))
  }
  // The CSAT target was raised from 80% four months before the end of the year.
  const raisedFrom = isoDate(lastMs - 122 * DAY_MS)
  setup.push(insertStandardTarget(db, { id: newId(lastMs - 125 * DAY_MS), org_id: orgId, standard_id: standards.csat, target: 85, tolerance: 5, direction: 'higher', effective_from: raisedFrom, changed_by: managerId, created_at: iso(lastMs - 125 * DAY_MS) }))
  setup.push(db.updateTable('standard_target').set({ target: 80 }).where('standard_id', '=', standards.csat).where('effective_from', '=', FIRST_TARGET_FROM))

  const surveyKeys: SurveyKey[] = ['visit', 'contact', 'online']
  const surveyIds = {} as Record<SurveyKey, string>
  const versionIds = {} as Record<SurveyKey, string[]>
  const definitions = {} as Record<SurveyKey, TSurveyDefinition[]>
  for (const [i, key] of surveyKeys.entries()) {
    const id = newId(orgCreated + 3 * DAY_MS + i)
    surveyIds[key] = id
    // The post-visit survey has a second version (CES reworded) from about five months before the end.
    definitions[key] = key === 'visit' ? [survey(key, standards, 1), survey(key, standards, 2)] : [survey(key, standards, 1)]
    setup.push(insertSurvey(db, { id, org_id: orgId, title: definitions[key][0]!.title, archived_at: null, created_at: iso(orgCreated + 3 * DAY_MS), updated_at: iso(published) }))
    versionIds[key] = definitions[key].map((definition, v) => {
      const vid = newId(published + v)
      const last = v === definitions[key].length - 1
      setup.push(insertVersion(db, { id: vid, org_id: orgId, survey_id: id, version: v + 1, status: last ? 'published' : 'archived', definition: JSON.stringify(definition), created_by: managerId, created_at: iso(published - DAY_MS), published_at: iso(v === 0 ? published : secondPublished) }))
      return vid
    })
  }
  const collectorIds = locations.map((l, li) =>
    l.links.map((link) => {
      const id = newId(published + HOUR_MS)
      setup.push(insertCollector(db, { id, org_id: orgId, survey_id: surveyIds[link.survey], token: newToken(16), label: link.label, location_id: locationIds[li]!, channel: link.channel, status: 'open', created_at: iso(published + HOUR_MS) }))
      return id
    }),
  )
  const templates = { branch: newId(orgCreated + 4 * DAY_MS), phone: newId(orgCreated + 4 * DAY_MS + 1) }
  const templateDefs = { branch: branchTemplate(standards), phone: phoneTemplate(standards) }
  const templateVersions = { branch: newId(published), phone: newId(published + 1) }
  for (const key of ['branch', 'phone'] as const) {
    setup.push(db.insertInto('audit_template').values({ id: templates[key], org_id: orgId, title: templateDefs[key].title, archived_at: null, created_at: iso(orgCreated + 4 * DAY_MS), updated_at: iso(published) }))
    setup.push(db.insertInto('audit_template_version').values({ id: templateVersions[key], org_id: orgId, template_id: templates[key], version: 1, status: 'published', definition: JSON.stringify(templateDefs[key]), created_by: managerId, created_at: iso(published - DAY_MS), published_at: iso(published) }))
  }
  await database.atomic(setup)
  await database.close()

  // -- raw rows, straight into SQLite
  const conn = new BetterSqlite3(file)
  conn.pragma('journal_mode = wal')
  conn.pragma('synchronous = off')
  conn.pragma('cache_size = -262144') // 256 MiB while generating
  conn.pragma('temp_store = memory')
  const insResponse = conn.prepare('insert into response (id, org_id, survey_id, version_id, collector_id, location_id, client_id, language, submitted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const insAnswers = new Map<number, BetterSqlite3.Statement>()
  const answerStatement = (n: number) => {
    let s = insAnswers.get(n)
    if (!s) insAnswers.set(n, (s = conn.prepare(`insert into answer (response_id, org_id, question_id, value_num, value_text) values ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ')}`)))
    return s
  }
  const insComment = conn.prepare(
    `insert into comment (id, org_id, source, source_id, field_id, form_id, location_id, collector_id, at, language, text, label, score, themes, tagger_version, final_label, final_themes)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insDaily = conn.prepare('insert into answer_daily (org_id, day, survey_id, question_id, location_id, collector_id, value, count) values (?, ?, ?, ?, ?, ?, ?, ?)')
  const insEvent = conn.prepare("insert into link_event_daily (org_id, collector_id, day, event, question_id, count) values (?, ?, ?, ?, '', ?)")
  const setCount = conn.prepare('update collector set response_count = ? where id = ?')
  const insAssignment = conn.prepare(
    `insert into assignment (id, org_id, template_id, version_id, location_id, shopper_id, wave_id, visit_from, visit_to, due_at, instructions, status, answers, revision,
       visit_started_at, visit_ended_at, score_percent, outcome, earned, possible, insufficient, created_by, created_at, updated_at, accepted_at, submitted_at, reviewed_at, reviewed_by, approved_at)
     values (?, ?, ?, ?, ?, ?, null, ?, ?, ?, '', 'approved', ?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insEventRow = conn.prepare("insert into assignment_event (id, org_id, assignment_id, at, user_id, kind, from_status, to_status, item_id, old_value, new_value, message) values (?, ?, ?, ?, ?, 'status', ?, ?, null, null, null, '')")
  const insResult = conn.prepare('insert into audit_standard_result (org_id, assignment_id, standard_id, location_id, visit_date, applicable, passed) values (?, ?, ?, ?, ?, ?, ?)')

  const rng = new SeededRandom(RANDOM_SEED)
  const tags = new TagCache()
  const counted = Object.fromEntries(surveyKeys.map((k) => [k, definitions[k].map((d) => allQuestions(d))])) as Record<SurveyKey, ReturnType<typeof allQuestions>[]>

  // Responses per location and day: weekday rhythm, months, a year of growth, each day's own wobble.
  const cells: { day: number; li: number }[] = []
  const weights: number[] = []
  for (let day = 0; day < DAYS; day++) {
    const date = new Date(firstDayMs + day * DAY_MS)
    const growth = 0.9 + 0.2 * (day / (DAYS - 1))
    for (const [li, l] of locations.entries()) {
      cells.push({ day, li })
      weights.push(l.volume * l.weekdays[date.getUTCDay()]! * MONTH_VOLUME[date.getUTCMonth()]! * growth * Math.exp(0.12 * rng.normal()))
    }
  }
  const perCell = apportion(weights, size.responses)
  const baseQuality = locations.map((l) => l.satisfied.map(normalQuantile) as [number, number])
  const responseCounts = new Map<string, number>()

  let answers = 0
  let comments = 0
  let responses = 0
  const dayTx = conn.transaction((rows: PendingResponse[], day: string) => {
    const daily = new Map<string, number>()
    const events = new Map<string, number>()
    for (const r of rows) {
      insResponse.run(r.id, orgId, r.surveyId, r.versionId, r.collectorId, r.locationId, r.clientId, r.language, r.at)
      answerStatement(r.answers.length).run(r.answers.flatMap((a) => [r.id, orgId, a[0], a[1], a[2]]))
      answers += r.answers.length
      for (const a of r.answers) if (a[3]) {
        const key = `${r.surveyId}\u0001${a[0]}\u0001${r.locationId}\u0001${r.collectorId}\u0001${a[1]}`
        daily.set(key, (daily.get(key) ?? 0) + 1)
      }
      if (r.comment) {
        const t = tags.tag(r.comment)
        insComment.run(newId(Date.parse(r.at)), orgId, 'survey', r.id, 'comment', r.surveyId, r.locationId, r.collectorId, r.at, r.language, r.comment, t.label, t.score, t.themes, t.tagger_version, t.label, t.themes)
        comments++
      }
      events.set(r.collectorId, (events.get(r.collectorId) ?? 0) + 1)
      responseCounts.set(r.collectorId, (responseCounts.get(r.collectorId) ?? 0) + 1)
    }
    for (const [key, count] of daily) {
      const [surveyId, questionId, locationId, collectorId, value] = key.split('\u0001') as [string, string, string, string, string]
      insDaily.run(orgId, day, surveyId, questionId, locationId, collectorId, Number(value), count)
    }
    // Link counters: some who open a link leave, some start and give up.
    for (const [collectorId, complete] of events) {
      insEvent.run(orgId, collectorId, day, 'view', Math.round(complete * 1.45))
      insEvent.run(orgId, collectorId, day, 'start', Math.round(complete * 1.15))
      insEvent.run(orgId, collectorId, day, 'complete', complete)
    }
  })

  interface PendingResponse {
    id: string
    atMs: number
    at: string
    surveyId: string
    versionId: string
    collectorId: string
    locationId: string
    clientId: string
    language: string
    /** question, value_num, value_text, counted */
    answers: [string, number | null, string | null, boolean][]
    comment: string | null
  }

  let cell = 0
  let lastLog = performance.now()
  for (let day = 0; day < DAYS; day++) {
    const dayStart = firstDayMs + day * DAY_MS
    const date = new Date(dayStart)
    const progress = day / (DAYS - 1)
    const pending: PendingResponse[] = []
    for (const [li, l] of locations.entries()) {
      const count = perCell[cell++]!
      const [from, to] = baseQuality[li]!
      let mu = from + (to - from) * progress + MONTH_QUALITY[date.getUTCMonth()]! + (date.getUTCDay() === 6 ? -0.08 : 0) + 0.1 * rng.normal()
      // Two locations have a bad spell: short staff for three weeks, a refit for two.
      if (l.code === 'BRI05' && day >= 140 && day < 161) mu -= 0.45
      if (l.code === 'LIV09' && day >= 250 && day < 264) mu -= 0.3
      for (let k = 0; k < count; k++) {
        let r = rng.next()
        let link = 0
        while (link < l.links.length - 1 && r >= l.links[link]!.share) r -= l.links[link++]!.share
        const plan = l.links[link]!
        const [h0, h1] = plan.hours
        const atMs = Math.floor(dayStart + (h0 + rng.next() * (h1 - h0)) * HOUR_MS)
        const versionIndex = plan.survey === 'visit' && atMs >= secondPublished ? 1 : 0
        const language = rng.chance(0.08) ? 'fr' : 'en'
        const own = rng.normal()
        const read = () => mu + 0.8 * own + 0.6 * rng.normal()
        const csat = 1 + cut(read(), CSAT_CUTS)
        const values: Record<string, AnswerValue> = { nps: cut(read(), NPS_CUTS), csat }
        if (!rng.chance(0.07)) values.ces = 1 + cut(read(), CES_CUTS)
        if (!rng.chance(0.05)) values.courtesy = 1 + cut(read(), RATING_CUTS)
        if (!rng.chance(0.1)) values.speed = 1 + cut(read(), RATING_CUTS)
        const yesNo = plan.survey === 'visit' ? 'explained' : 'resolved'
        if (!rng.chance(0.05)) values[yesNo] = read() > YES_CUT
        let comment: string | null = null
        if (rng.chance(0.27 + (csat <= 2 ? 0.2 : csat === 5 ? 0.03 : 0))) comment = language === 'fr' ? rng.pick(FRENCH_COMMENTS) : writeComment(rng, l.comments, commentTone(rng, csat), l.town)
        if (comment) values.comment = comment
        const rows: PendingResponse['answers'] = []
        for (const q of counted[plan.survey][versionIndex]!) {
          const v = values[q.id]
          if (v === undefined) continue
          const stored = storedAnswer(q.type, v)
          rows.push([q.id, stored.value_num, stored.value_text, isCounted(q)])
        }
        pending.push({
          id: '',
          atMs,
          at: iso(atMs),
          surveyId: surveyIds[plan.survey],
          versionId: versionIds[plan.survey][versionIndex]!,
          collectorId: collectorIds[li]![link]!,
          locationId: locationIds[li]!,
          clientId: '',
          language,
          answers: rows,
          comment,
        })
      }
    }
    // In time order, so ids (time-sortable) and the indexes grow at their end.
    pending.sort((a, b) => a.atMs - b.atMs)
    for (const p of pending) {
      p.id = newId(p.atMs)
      p.clientId = `bench-${(responses++).toString(36)}`
    }
    dayTx(pending, isoDate(dayStart))
    if (performance.now() - lastLog > 10_000) {
      log(`  ${size.label}: ${responses.toLocaleString('en')} responses written (${Math.round((performance.now() - started) / 1000)} s)`)
      lastLog = performance.now()
    }
  }
  conn.transaction(() => {
    for (const [id, n] of responseCounts) setCount.run(n, id)
  })()

  // -- approved audits across the year: shops get branch visits, contact centres phone calls
  const shops = locations.flatMap((l, i) => (l.kind === 'branch' || l.kind === 'store' ? [i] : []))
  const phones = locations.flatMap((l, i) => (l.kind === 'phone_line' ? [i] : []))
  let audits = 0
  conn.transaction(() => {
    for (let n = 0; n < size.audits; n++) {
      const day = Math.min(DAYS - 1, Math.floor((n + rng.next()) * (DAYS / size.audits)))
      const phone = rng.chance(0.15)
      const li = phone ? rng.pick(phones) : rng.pick(shops)
      const l = locations[li]!
      const [q0, q1] = l.satisfied
      const p = q0 + (q1 - q0) * (day / (DAYS - 1))
      const key = phone ? 'phone' : 'branch'
      const def = templateDefs[key]
      const start = firstDayMs + day * DAY_MS + rng.int(9, 16) * HOUR_MS + rng.int(0, 59) * MINUTE_MS
      const raw = phone ? phoneAnswers(rng, p) : branchAnswers(rng, p)
      const { problems, answers: clean } = checkAuditAnswers(def, raw, 'submit')
      if (problems.length) throw new Error(`a generated audit does not fit its template: ${JSON.stringify(problems)}`)
      const score = scoreColumns(scoreAudit(def, clean))
      const id = newId(start - 10 * DAY_MS)
      const shopper = shopperIds[n % shopperIds.length]!
      const windowFrom = isoDate(start - rng.int(0, 6) * DAY_MS)
      const windowTo = isoDate(start + rng.int(1, 10) * DAY_MS)
      const times = { created: start - 10 * DAY_MS, accepted: start - 8 * DAY_MS, started: start, ended: start + rng.int(10, 30) * MINUTE_MS }
      const submitted = times.ended + rng.int(20, 180) * MINUTE_MS
      const approved = submitted + rng.int(10, 40) * HOUR_MS
      insAssignment.run(
        id, orgId, templates[key], templateVersions[key], locationIds[li]!, shopper, windowFrom, windowTo, iso(Date.parse(`${windowTo}T17:00:00Z`) + DAY_MS), JSON.stringify(clean),
        iso(times.started), iso(times.ended), score.score_percent, score.outcome, score.earned, score.possible, score.insufficient, managerId, iso(times.created), iso(approved),
        iso(times.accepted), iso(submitted), iso(approved), reviewerId, iso(approved),
      )
      for (const [at, user, from, to] of [
        [times.accepted, shopper, 'assigned', 'accepted'],
        [times.started - 10 * MINUTE_MS, shopper, 'accepted', 'in_progress'],
        [submitted, shopper, 'in_progress', 'submitted'],
        [approved, reviewerId, 'submitted', 'approved'],
      ] as const)
        insEventRow.run(newId(at), orgId, id, iso(at), user, from, to)
      const visitDay = isoDate(times.started)
      for (const r of standardResults(def, clean)) insResult.run(orgId, id, r.standard_id, locationIds[li]!, visitDay, r.applicable, r.passed)
      const narrative = clean.narrative?.value
      if (typeof narrative === 'string') {
        const t = tags.tag(narrative)
        insComment.run(newId(times.started), orgId, 'audit', id, 'narrative', templates[key], locationIds[li]!, null, iso(times.started), '', narrative, t.label, t.score, t.themes, t.tagger_version, t.label, t.themes)
        comments++
      }
      audits++
    }
  })()
  conn.pragma('wal_checkpoint(TRUNCATE)')
  conn.close()
  const generationSeconds = (performance.now() - started) / 1000
  log(`  ${size.label}: ${responses.toLocaleString('en')} responses, ${answers.toLocaleString('en')} answers, ${comments.toLocaleString('en')} comments (${tags.size.toLocaleString('en')} distinct texts tagged), ${audits.toLocaleString('en')} audits in ${generationSeconds.toFixed(1)} s`)

  return {
    generatorVersion: GENERATOR_VERSION,
    label: size.label,
    responses,
    answers,
    comments,
    audits,
    firstDay: isoDate(firstDayMs),
    lastDay: LAST_DAY,
    generationSeconds,
    taggerVersion: TAGGER_VERSION,
    rollupHash: '',
    rollupRows: 0,
    rebuildSeconds: 0,
    bytes: 0,
    ids: { orgId, surveys: surveyIds, versions: versionIds, standards, locations: locationIds, templates },
  }
}

function branchAnswers(rng: SeededRandom, p: number): TAuditAnswers {
  const greeted = rng.chance(Math.min(0.98, p + 0.08))
  const queue = Math.round(40 + 700 * (1 - p) * (0.4 + 1.6 * rng.next()))
  const needs = Math.max(0, Math.min(5, Math.round(5 * p + 0.9 * rng.normal())))
  const knowledge = Math.max(0, Math.min(5, Math.round(5 * p + 0.2 + 0.8 * rng.normal())))
  const clean = rng.chance(Math.min(0.98, p + 0.08))
  const name = rng.pick(STAFF)
  const lines = [
    greeted ? 'A member of staff said hello as soon as I walked in.' : `Nobody acknowledged me for ${rng.int(1, 3)} minutes although two members of staff were talking by the counter.`,
    needs >= 4 ? `${rng.chance(0.4) ? name : 'The assistant'} asked what I was looking for and suggested two options within my budget.` : 'The assistant answered my question but did not ask what I needed it for.',
    knowledge <= 2 ? 'When I asked about the warranty I was told to look it up online.' : 'Questions about the warranty and returns were answered clearly.',
    clean ? 'The shop floor and counters were clean and tidy.' : 'Boxes were left in the aisle by the entrance and the counter was sticky.',
    queue > 300 ? `I queued for ${Math.round(queue / 60)} minutes with only one till open.` : 'The queue moved quickly.',
  ]
  return { greeted: { value: greeted }, queue_wait: { value: queue }, needs: { value: needs }, knowledge: { value: knowledge }, clean: { value: clean }, narrative: { value: lines.join(' ') } }
}

function phoneAnswers(rng: SeededRandom, p: number): TAuditAnswers {
  const rings = Math.max(1, Math.min(12, Math.round(1 + 12 * (1 - p) * rng.next() + rng.next() * 2)))
  const script = rng.chance(p)
  const resolved = rng.chance(p)
  const lines = [
    `The call was answered after ${rings} ring${rings === 1 ? '' : 's'}.`,
    script ? `The adviser gave the company name, introduced herself as ${rng.pick(STAFF)} and offered to help.` : 'The adviser answered with "Hello?" and did not give a name.',
    resolved ? 'The delivery date was confirmed and an email arrived within five minutes.' : 'They promised a call back the next day about the delivery date, which never came.',
  ]
  return { rings: { value: rings }, script: { value: script }, resolved: { value: resolved }, narrative: { value: lines.join(' ') } }
}

/** Re-tags the comments with the current tagger (each distinct text once), as the re-tag job would. */
function retag(file: string): number {
  const conn = new BetterSqlite3(file)
  conn.pragma('synchronous = off')
  try {
    const tags = new TagCache()
    const texts = conn.prepare('select distinct text from comment').pluck().all() as string[]
    conn.exec('create temp table tagged (text text primary key, label text, score real, themes integer, version text)')
    const ins = conn.prepare('insert into tagged values (?, ?, ?, ?, ?)')
    conn.transaction(() => {
      for (const text of texts) {
        const t = tags.tag(text)
        ins.run(text, t.label, t.score, t.themes, t.tagger_version)
      }
    })()
    const changed = conn
      .prepare(
        `update comment set label = t.label, score = t.score, themes = t.themes, tagger_version = t.version,
           final_label = coalesce(comment.corrected_label, t.label), final_themes = coalesce(comment.corrected_themes, t.themes)
         from tagged t where t.text = comment.text`,
      )
      .run().changes
    conn.pragma('wal_checkpoint(TRUNCATE)')
    return changed
  } finally {
    conn.close()
  }
}

async function rebuild(file: string): Promise<{ rows: number; seconds: number }> {
  const database = openSqliteDatabase(file)
  try {
    await migrateToLatest(database)
    const { rows, ms } = await rebuildRollups(database)
    return { rows, seconds: ms / 1000 }
  } finally {
    await database.close()
    const conn = new BetterSqlite3(file)
    conn.pragma('wal_checkpoint(TRUNCATE)')
    conn.close()
  }
}

/**
 * The database of `size`, generated on first use and cached; a cached one is migrated, re-tagged
 * when the tagger's version moved on, and its rollups rebuilt when the rollup code changed.
 */
export async function analyticsDataset(size: DatasetSize, log: Progress = (m) => process.stdout.write(`${m}\n`)): Promise<Dataset> {
  const dir = cacheDir()
  mkdirSync(dir, { recursive: true })
  const base = join(dir, `analytics-g${GENERATOR_VERSION}-${size.label}-${size.responses}-${size.audits}`)
  const file = `${base}.sqlite`
  const metaFile = `${base}.json`
  const refreshed: string[] = []
  let meta: DatasetMeta
  let cached = existsSync(file) && existsSync(metaFile)
  if (cached) meta = JSON.parse(readFileSync(metaFile, 'utf8')) as DatasetMeta
  else {
    const building = `${base}.building.sqlite`
    for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true })
    log(`  generating the ${size.label} database (${size.responses.toLocaleString('en')} responses, ${size.audits.toLocaleString('en')} audits) into ${dir}`)
    meta = await generate(building, size, log)
    const r = await rebuild(building)
    meta = { ...meta, rollupHash: rollupHash(), rollupRows: r.rows, rebuildSeconds: r.seconds }
    log(`  ${size.label}: rollups rebuilt (${r.rows.toLocaleString('en')} rows) in ${r.seconds.toFixed(1)} s`)
    for (const f of [`${building}-wal`, `${building}-shm`]) rmSync(f, { force: true })
    renameSync(building, file)
    cached = false
  }
  if (cached) {
    if (meta.taggerVersion !== TAGGER_VERSION) {
      const t = performance.now()
      const n = retag(file)
      refreshed.push(`re-tagged ${n.toLocaleString('en')} comments for tagger ${TAGGER_VERSION} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
      meta = { ...meta, taggerVersion: TAGGER_VERSION, rollupHash: '' }
    }
    if (meta.rollupHash !== rollupHash()) {
      const r = await rebuild(file)
      refreshed.push(`rollups rebuilt for changed rollup code (${r.rows.toLocaleString('en')} rows) in ${r.seconds.toFixed(1)} s`)
      meta = { ...meta, rollupHash: rollupHash(), rollupRows: r.rows, rebuildSeconds: r.seconds }
    }
    for (const line of refreshed) log(`  ${size.label}: ${line}`)
  }
  meta = { ...meta, bytes: statSync(file).size }
  writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n')
  return { file, meta, cached, refreshed }
}

/** A private copy of a dataset for one server to serve (it writes sessions and may migrate). */
export function copyDataset(dataset: Dataset, dir: string): string {
  const to = join(dir, `analytics-${dataset.meta.label}.sqlite`)
  for (const f of [to, `${to}-wal`, `${to}-shm`]) rmSync(f, { force: true })
  copyFileSync(dataset.file, to)
  return to
}
