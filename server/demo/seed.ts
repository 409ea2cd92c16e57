import type { Compilable } from 'kysely'
import type { AppDatabase } from '../db/database.ts'
import type { LocationTable, StandardTable, UserTable } from '../db/schema.ts'
import { countOrganisations, insertOrganisation, insertUser } from '../db/repositories/accounts.ts'
import { insertLocation, insertStandard, insertStandardTarget } from '../db/repositories/register.ts'
import { insertCollector, insertSurvey, insertVersion, responseStatements } from '../db/repositories/surveys.ts'
import { FIRST_TARGET_FROM } from '../domain/standards.ts'
import { hashPassword } from '../lib/crypto.ts'
import { newId, newToken } from '../../shared/ids.ts'
import { ZSurveyDefinition, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import { checkAnswers, type AnswerValue } from '../../shared/survey/answers.ts'
import { visibility } from '../../shared/survey/logic.ts'
import { commentTone, writeComment, type CommentChannel } from './comments.ts'
import { normalQuantile, SeededRandom } from './random.ts'
import { seedAudits } from './audit-seed.ts'
import { seedActions, YORK_REFIT } from './actions-seed.ts'
import { seedCases } from './cases-seed.ts'
import { RollupDeltas } from '../domain/rollups.ts'
import { rollupStatements } from '../db/repositories/rollups.ts'

/**
 * The demo organisation: a UK retailer with branches, stores, a contact centre and a website, a
 * register of service standards across the five SERVQUAL dimensions, two published surveys with a
 * link per touchpoint, and a year of customer responses ending today. Everything goes through the
 * repositories and `database.atomic`, so the demo seeds the same on SQLite and on D1.
 */

export const DEMO_LOGIN = { email: 'demo@yardstick.example', password: 'demo-password-2026' }

export const DEMO_ORGANISATION = 'Northwind Services'

/** Every demo account signs in with DEMO_LOGIN.password. */
export const DEMO_USERS: readonly { email: string; name: string; role: UserTable['role'] }[] = [
  { email: DEMO_LOGIN.email, name: 'Alex Morgan', role: 'admin' },
  { email: 'manager@yardstick.example', name: 'Priya Shah', role: 'manager' },
  { email: 'reviewer@yardstick.example', name: 'Tom Okafor', role: 'reviewer' },
  { email: 'analyst@yardstick.example', name: 'Hannah Lewis', role: 'analyst' },
  { email: 'shopper@yardstick.example', name: 'Sam Taylor', role: 'shopper' },
  { email: 'shopper2@yardstick.example', name: 'Jordan Reid', role: 'shopper' },
]

export interface DemoSummary {
  /** Follow-up cases and complaints. */
  cases: number
  organisation: string
  users: { email: string; name: string; role: UserTable['role'] }[]
  /** The password of every demo account. */
  password: string
  locations: number
  standards: number
  surveys: number
  collectors: number
  responses: number
  comments: number
  /** Mystery-shop assignments (audits), in every status. */
  audits: number
  /** First and last day with responses. */
  period: { from: string; to: string }
  seconds: number
}

export interface SeedOptions {
  /** The demo's "today": responses cover the year up to this moment. */
  now: Date
  /** Multiplies the number of responses (1 ≈ 15,000). */
  scale?: number
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const DAYS = 365
const RESPONSES_AT_SCALE_1 = 15_000
/**
 * Responses per atomic write, at up to 10 statements each: one SQLite transaction of about 2,000
 * statements; on D1 a batch stays under the 1,000 queries a Worker invocation may make.
 */
const RESPONSES_PER_WRITE = { sqlite: 200, d1: 90 } as const
/** Fixed, so the demo is the same for a given `now`. */
const RANDOM_SEED = 0x5eed_2026

// ---- the organisation's touchpoints

interface LinkPlan {
  label: string
  channel: string
  /** Share of the location's responses arriving through this link. */
  share: number
  /** Hours of the (UTC) day when its responses arrive. */
  hours: [number, number]
  /** The survey this link serves, when not the location's usual one. */
  survey?: SurveyKey
}

type SurveyKey = 'visit' | 'contact' | 'branch'

interface LocationPlan {
  name: string
  code: string
  kind: LocationTable['kind']
  address: string
  town: string
  survey: SurveyKey
  comments: CommentChannel
  /** Relative number of responses. */
  volume: number
  /** Share of customers satisfied (CSAT 4–5) at the start and at the end of the year. */
  satisfied: [number, number]
  /** A step instead of a steady trend: from the first share to the second over `over` days from `daysAgo` days before today. */
  step?: { daysAgo: number; over: number }
  /** Volume by weekday, Sunday first. */
  weekdays: readonly number[]
  links: LinkPlan[]
}

const SHOP_WEEK = [0.55, 0.85, 0.9, 0.95, 1, 1.15, 1.4]
const PHONE_WEEK = [0, 1.3, 1.15, 1.05, 1, 0.95, 0.45] // the contact centre is closed on Sundays
const WEB_WEEK = [1.15, 1, 0.95, 0.95, 0.95, 0.9, 1]

function shop(name: string, code: string, kind: 'branch' | 'store', address: string, town: string, volume: number, satisfied: [number, number], kiosk = false): LocationPlan {
  return {
    name,
    code,
    kind,
    address,
    town,
    survey: 'visit',
    comments: 'in_person',
    volume,
    satisfied,
    weekdays: SHOP_WEEK,
    links: kiosk
      ? [
          { label: `Receipt QR – ${town}`, channel: 'receipt', share: 0.4, hours: [10, 22] },
          { label: `Counter poster – ${town}`, channel: 'qr', share: 0.45, hours: [9, 17.5] },
          { label: `Exit kiosk – ${town}`, channel: 'kiosk', share: 0.15, hours: [9, 17.5], survey: 'branch' },
        ]
      : [
          { label: `Receipt QR – ${town}`, channel: 'receipt', share: 0.45, hours: [10, 22] },
          { label: `Counter poster – ${town}`, channel: 'qr', share: 0.55, hours: [9, 17.5] },
        ],
  }
}

const LOCATIONS: readonly LocationPlan[] = [
  shop('Leeds – Briggate', 'LDS01', 'branch', '62 Briggate, Leeds LS1 6HD', 'Leeds', 1.3, [0.89, 0.9], true),
  // Below target all year: a busy city-centre store with long queues.
  shop('Manchester – Market Street', 'MAN01', 'store', '41 Market Street, Manchester M1 1WR', 'Manchester', 1.5, [0.77, 0.76]),
  // Improving: a new manager, then a refit about five and a half months ago (the demo's improvement action that worked).
  { ...shop('York – Coney Street', 'YRK01', 'store', '18 Coney Street, York YO1 9NB', 'York', 1, [0.7, 0.92], true), step: YORK_REFIT },
  // Declining: staff turnover through the year.
  shop('Sheffield – Fargate', 'SHF01', 'branch', '27 Fargate, Sheffield S1 2HD', 'Sheffield', 1.1, [0.92, 0.76]),
  shop('Bristol – Broadmead', 'BRS01', 'store', '9 Broadmead, Bristol BS1 3HA', 'Bristol', 1.2, [0.87, 0.88]),
  // Below target: just inside the amber band.
  shop('Norwich – Gentleman’s Walk', 'NRW01', 'branch', '5 Gentleman’s Walk, Norwich NR2 1NA', 'Norwich', 0.9, [0.8, 0.81]),
  shop('Harrogate – James Street', 'HGT01', 'store', '14 James Street, Harrogate HG1 1QS', 'Harrogate', 0.6, [0.94, 0.95]),
  shop('Nottingham – Clumber Street', 'NTM01', 'branch', '33 Clumber Street, Nottingham NG1 3ED', 'Nottingham', 1, [0.85, 0.86]),
  {
    name: 'Customer contact centre',
    code: 'CC01',
    kind: 'phone_line',
    address: '0330 123 4567, Monday to Saturday 8am–7pm',
    town: 'Leeds',
    survey: 'contact',
    comments: 'phone',
    volume: 1.6,
    satisfied: [0.82, 0.87],
    weekdays: PHONE_WEEK,
    links: [{ label: 'SMS after call – Contact centre', channel: 'sms', share: 1, hours: [8.5, 19.5] }],
  },
  {
    name: 'Website – northwind.example',
    code: 'WEB01',
    kind: 'website',
    address: 'https://www.northwind.example',
    town: 'online',
    survey: 'visit',
    comments: 'online',
    volume: 1.1,
    satisfied: [0.86, 0.87],
    weekdays: WEB_WEEK,
    links: [{ label: 'Order confirmation email – Website', channel: 'web', share: 1, hours: [7, 23.5] }],
  },
]

/** Response volume by month (January first): a quiet February, a busy run-up to Christmas. */
const MONTH_VOLUME = [0.85, 0.8, 0.9, 0.95, 1, 1, 1.05, 1.05, 0.95, 1, 1.15, 1.3]
/** Service strain by month: December queues, holiday staffing in August. */
const MONTH_QUALITY = [0.03, 0, 0, 0, 0, 0, 0, -0.03, 0, 0, -0.05, -0.15]

// ---- the service standards register

type StandardKey = 'csat' | 'nps' | 'ces' | 'explain' | 'greet' | 'queue' | 'complaints' | 'clean' | 'phone'

interface StandardPlan {
  key: StandardKey
  row: Pick<StandardTable, 'code' | 'title' | 'description' | 'owner' | 'channel' | 'customer_type' | 'dimension' | 'metric' | 'target' | 'tolerance' | 'direction'>
}

const STANDARDS: readonly StandardPlan[] = [
  {
    key: 'csat',
    row: {
      code: 'SAT-01',
      title: 'Customers are satisfied with the service they receive',
      description: 'At least 85% of customers rate their overall satisfaction 4 or 5 out of 5 (top-2-box CSAT). Raised from 80% once every branch had completed service training.',
      owner: 'Head of Customer Experience',
      channel: 'All channels',
      customer_type: 'external',
      dimension: 'reliability',
      metric: 'csat',
      target: 85,
      tolerance: 5,
      direction: 'higher',
    },
  },
  {
    key: 'nps',
    row: {
      code: 'REC-01',
      title: 'Customers would recommend us',
      description: 'Net Promoter Score of at least +40 from post-visit surveys: customers trust us enough to recommend us to friends and colleagues.',
      owner: 'Head of Customer Experience',
      channel: 'Branches, stores and website',
      customer_type: 'external',
      dimension: 'assurance',
      metric: 'nps',
      target: 40,
      tolerance: 10,
      direction: 'higher',
    },
  },
  {
    key: 'ces',
    row: {
      code: 'EFF-01',
      title: 'It is easy to get things done with us',
      description: 'Customer effort score averages at least 5.5 out of 7: customers get what they came for without chasing, repeating themselves or coming back.',
      owner: 'Service Design Lead',
      channel: 'All channels',
      customer_type: 'external',
      dimension: 'responsiveness',
      metric: 'ces',
      target: 5.5,
      tolerance: 0.5,
      direction: 'higher',
    },
  },
  {
    key: 'explain',
    row: {
      code: 'EXP-01',
      title: 'Staff explain things clearly',
      description: 'At least 90% of customers say staff explained products, prices and next steps clearly, in plain language and without pressure.',
      owner: 'Learning and Development Manager',
      channel: 'Branches and stores',
      customer_type: 'external',
      dimension: 'assurance',
      metric: 'yes_rate',
      target: 90,
      tolerance: 5,
      direction: 'higher',
    },
  },
  {
    key: 'greet',
    row: {
      code: 'GRT-01',
      title: 'Greet every customer within 30 seconds',
      description: 'Every customer is acknowledged with eye contact and a greeting within 30 seconds of entering, even when staff are busy with someone else. Checked by mystery shoppers.',
      owner: 'Retail Operations Manager',
      channel: 'Branches and stores',
      customer_type: 'external',
      dimension: 'empathy',
      metric: 'audit_compliance',
      target: 95,
      tolerance: 5,
      direction: 'higher',
    },
  },
  {
    key: 'queue',
    row: {
      code: 'QUE-01',
      title: 'Queue for no more than 5 minutes',
      description: 'At least 90% of customers wait 5 minutes (300 seconds) or less before being served. Timed by mystery shoppers with a stopwatch.',
      owner: 'Retail Operations Manager',
      channel: 'Branches and stores',
      customer_type: 'external',
      dimension: 'responsiveness',
      metric: 'timing',
      target: 90,
      tolerance: 5,
      direction: 'higher',
    },
  },
  {
    key: 'complaints',
    row: {
      code: 'CMP-01',
      title: 'Resolve complaints within 5 working days',
      description: 'Complaints are acknowledged within 1 working day and at least 90% are resolved within 5 working days, whichever channel they arrive through.',
      owner: 'Customer Relations Lead',
      channel: 'All channels',
      customer_type: 'external',
      dimension: 'reliability',
      metric: 'case_sla',
      target: 90,
      tolerance: 5,
      direction: 'higher',
    },
  },
  {
    key: 'clean',
    row: {
      code: 'CLN-01',
      title: 'Premises are clean and tidy',
      description: 'Entrance, shop floor, counters, fitting rooms and customer toilets are clean, tidy and free of clutter throughout opening hours. Checked by mystery shoppers.',
      owner: 'Facilities Manager',
      channel: 'Branches and stores',
      customer_type: 'external',
      dimension: 'tangibles',
      metric: 'audit_compliance',
      target: 95,
      tolerance: 5,
      direction: 'higher',
    },
  },
  {
    key: 'phone',
    row: {
      code: 'TEL-01',
      title: 'Answer calls within 20 seconds',
      description: 'At least 90% of calls to the contact centre are answered by an adviser within 20 seconds of joining the queue.',
      owner: 'Contact Centre Manager',
      channel: 'Contact centre',
      customer_type: 'both',
      dimension: 'responsiveness',
      metric: 'timing',
      target: 90,
      tolerance: 5,
      direction: 'higher',
    },
  },
]

/** The CSAT standard's target before it was raised to 85% (about four months ago). */
const CSAT_TARGET_BEFORE = 80

// ---- surveys

function visitSurvey(std: Record<StandardKey, string>, version: 1 | 2): TSurveyDefinition {
  return ZSurveyDefinition.parse({
    title: 'Post-visit feedback',
    intro: 'Thank you for choosing Northwind. Two minutes of your time helps the team improve.',
    thankYou: 'Thank you: your feedback goes straight to the team who served you.',
    language: 'en',
    pages: [
      {
        id: 'visit',
        title: 'Your visit',
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend Northwind to a friend or colleague?', required: true, standardIds: [std.nps] },
          { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with the service you received?', required: true, standardIds: [std.csat] },
          // Version 2 reworded the effort question to the standard CES wording; the id stays, so trends carry on.
          {
            id: 'ces',
            type: 'ces',
            text: version === 1 ? 'It was easy to get what I came for.' : 'Northwind made it easy for me to get what I came for.',
            help: 'From strongly disagree to strongly agree.',
            standardIds: [std.ces],
          },
          { id: 'explained', type: 'yes_no', text: 'Did staff explain things clearly?', standardIds: [std.explain] },
        ],
      },
      {
        id: 'more',
        title: 'Anything else?',
        questions: [{ id: 'comment', type: 'comment', text: 'What is the main reason for your answers?', help: 'Please don’t include personal details such as your phone number.' }],
      },
    ],
  })
}

function contactSurvey(std: Record<StandardKey, string>): TSurveyDefinition {
  return ZSurveyDefinition.parse({
    title: 'Contact centre follow-up',
    intro: 'You spoke to our contact centre today. Please tell us how it went.',
    language: 'en',
    pages: [
      {
        id: 'call',
        title: 'Your call',
        questions: [
          { id: 'csat', type: 'csat', text: 'How satisfied were you with how your call was handled?', required: true, standardIds: [std.csat] },
          { id: 'ces', type: 'ces', text: 'Northwind made it easy to sort out my query.', help: 'From strongly disagree to strongly agree.', standardIds: [std.ces] },
          { id: 'comment', type: 'comment', text: 'Is there anything we could have done better?' },
        ],
      },
    ],
  })
}

/**
 * The exit-kiosk survey at two branches: every question type, display logic on a question and on a
 * page, and (from version 2) a French translation. Version 2 added the waiting-time question and
 * reworded the greeting question; question ids stay, so results merge across versions.
 */
function branchSurvey(std: Record<StandardKey, string>, version: 1 | 2): TSurveyDefinition {
  const questions1 = [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend Northwind to a friend or colleague?', required: true, standardIds: [std.nps] },
    { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with your visit today?', required: true, standardIds: [std.csat] },
    {
      id: 'let_down',
      type: 'multiple_choice',
      text: 'What let us down?',
      help: 'Choose all that apply.',
      choices: [
        { id: 'wait', label: 'Waiting time' },
        { id: 'staff', label: 'Staff friendliness' },
        { id: 'knowledge', label: 'Staff knowledge' },
        { id: 'stock', label: 'What I wanted was not available' },
      ],
      allowOther: true,
      visibleIf: { join: 'all', conditions: [{ questionId: 'csat', op: 'lte', value: 3 }] },
    },
    { id: 'cleanliness', type: 'rating', points: 5, style: 'stars', text: 'How clean and tidy was the branch?', lowLabel: 'Very untidy', highLabel: 'Spotless' },
    { id: 'greeted', type: 'yes_no', text: version === 1 ? 'Were you greeted?' : 'Did a member of staff greet you within a minute of arriving?' },
    ...(version === 2 ? [{ id: 'wait_minutes', type: 'number', text: 'About how many minutes did you wait to be served?', min: 0, max: 120, integer: true, standardIds: [] }] : []),
  ]
  const def = {
    title: 'Branch experience',
    intro: 'Thank you for visiting Northwind. This takes about two minutes.',
    thankYou: 'Thank you: your answers go straight to the branch team.',
    language: 'en',
    pages: [
      { id: 'visit', title: 'Your visit', questions: questions1 },
      {
        id: 'about',
        title: 'About you and your visit',
        questions: [
          {
            id: 'reason',
            type: 'single_choice',
            text: 'What was the main reason for your visit?',
            choices: [
              { id: 'buy', label: 'To buy something' },
              { id: 'collect', label: 'To collect an order' },
              { id: 'return', label: 'To return or exchange' },
              { id: 'advice', label: 'For advice' },
            ],
            allowOther: true,
          },
          { id: 'visit_date', type: 'date', text: 'When did you visit?', help: 'If not today.' },
          { id: 'staff_name', type: 'short_text', text: 'Who served you, if you know?', maxLength: 80 },
          { id: 'comment', type: 'comment', text: 'What is the main reason for your answers?', help: 'Please don’t include personal details such as your phone number.' },
        ],
      },
      {
        id: 'follow_up',
        title: 'Putting it right',
        visibleIf: { join: 'any', conditions: [{ questionId: 'nps', op: 'lte', value: 6 }, { questionId: 'csat', op: 'lte', value: 2 }] },
        questions: [{ id: 'contact_ok', type: 'consent', text: 'The branch manager may contact me about my visit.', help: 'We use your details only to follow up this visit.' }],
      },
    ],
    translations: version === 2 ? { fr: BRANCH_FRENCH } : {},
  }
  return ZSurveyDefinition.parse(def)
}

const BRANCH_FRENCH: Record<string, string> = {
  title: 'Votre expérience en agence',
  intro: 'Merci de votre visite chez Northwind. Cela prend environ deux minutes.',
  'page.visit.title': 'Votre visite',
  'q.nps.text': 'Quelle est la probabilité que vous recommandiez Northwind à un ami ou à un collègue ?',
  'q.nps.lowLabel': 'Pas du tout probable',
  'q.nps.highLabel': 'Très probable',
  'q.csat.text': 'Dans l’ensemble, êtes-vous satisfait de votre visite aujourd’hui ?',
  'q.csat.lowLabel': 'Très insatisfait',
  'q.csat.highLabel': 'Très satisfait',
  'q.let_down.text': 'Qu’est-ce qui vous a déçu ?',
  'q.let_down.help': 'Plusieurs réponses possibles.',
  'q.let_down.choice.wait': 'Le temps d’attente',
  'q.let_down.choice.staff': 'L’amabilité du personnel',
  'q.let_down.choice.knowledge': 'Les connaissances du personnel',
  'q.let_down.choice.stock': 'Ce que je voulais n’était pas disponible',
  'q.let_down.otherLabel': 'Autre',
  'q.cleanliness.text': 'L’agence était-elle propre et bien rangée ?',
  'q.cleanliness.lowLabel': 'Très mal rangée',
  'q.cleanliness.highLabel': 'Impeccable',
  'q.greeted.text': 'Un membre du personnel vous a-t-il accueilli dans la minute suivant votre arrivée ?',
  'q.wait_minutes.text': 'Combien de minutes environ avez-vous attendu avant d’être servi ?',
  'page.about.title': 'Vous et votre visite',
  'q.reason.text': 'Quelle était la raison principale de votre visite ?',
  'q.reason.choice.buy': 'Faire un achat',
  'q.reason.choice.collect': 'Retirer une commande',
  'q.reason.choice.return': 'Rendre ou échanger un article',
  'q.reason.choice.advice': 'Demander conseil',
  'q.reason.otherLabel': 'Autre',
  'q.visit_date.text': 'Quand êtes-vous venu ?',
  'q.visit_date.help': 'Si ce n’est pas aujourd’hui.',
  'q.staff_name.text': 'Qui vous a servi, si vous le savez ?',
  'q.comment.text': 'Quelle est la raison principale de vos réponses ?',
  'q.comment.help': 'Merci de ne pas indiquer de données personnelles, comme votre numéro de téléphone.',
  'page.follow_up.title': 'Réparer nos erreurs',
  'q.contact_ok.text': 'Le responsable de l’agence peut me contacter au sujet de ma visite.',
  'q.contact_ok.help': 'Nous utilisons vos coordonnées uniquement pour le suivi de cette visite.',
  thankYou: 'Merci : vos réponses sont transmises directement à l’équipe de l’agence.',
}

// ---- how customers answer

/*
 * Each response has an underlying satisfaction: the location's quality that day (mu) plus the
 * customer's own draw. Every question reads that satisfaction through its own noise (correlation
 * 0.64 between questions) and cuts it into the scale. A question's latent value is normal with
 * mean mu and variance 1, so P(CSAT 4–5) = Φ(mu): mu is simply the probit of the satisfied share.
 */
const CSAT_CUTS = [-1.6, -0.9, 0, 1.1] // 1–5; top-2-box from 0
const NPS_CUTS = [-2.6, -2.2, -1.8, -1.4, -1, -0.6, -0.135, 0.45, 0.99, 1.9] // 0–10; 85% satisfied gives NPS ≈ +40
const CES_CUTS = [-1.8, -1.1, -0.5, 0.1, 0.8, 1.6] // 1–7; 85% satisfied gives a mean ≈ 5.6
const EXPLAINED_CUT = -0.24 // 85% satisfied gives ≈ 90% yes

function bucket(x: number, cuts: readonly number[]): number {
  let i = 0
  while (i < cuts.length && x >= cuts[i]!) i++
  return i
}

const REASONS = ['buy', 'buy', 'buy', 'collect', 'collect', 'return', 'advice'] as const
const OTHER_REASONS = ['Picking up a repair', 'Asking about a job', 'Meeting a friend', 'Using the cash machine']
const STAFF = ['Priya', 'Tom', 'Aisha', 'Marek', 'Grace', 'Dev', 'Sian']

function answersFor(rng: SeededRandom, survey: SurveyKey, mu: number, day: string): { answers: Record<string, AnswerValue>; csat: number } {
  const own = rng.normal()
  const read = () => mu + 0.8 * own + 0.6 * rng.normal()
  const csat = 1 + bucket(read(), CSAT_CUTS)
  const answers: Record<string, AnswerValue> = { csat }
  if (survey !== 'contact') answers.nps = bucket(read(), NPS_CUTS)
  if (survey === 'branch') {
    const lows = (['wait', 'staff', 'knowledge', 'stock'] as const).filter(() => rng.chance(0.35))
    answers.let_down = rng.chance(0.08) ? { selected: lows, other: 'The card machine was not working' } : { selected: lows.length ? lows : ['wait'] }
    answers.cleanliness = 1 + bucket(read(), [-1.9, -1.1, -0.3, 0.7])
    answers.greeted = read() > -0.5
    answers.wait_minutes = Math.max(0, Math.round(6 - 4 * read() + 2 * rng.normal()))
    answers.reason = rng.chance(0.06) ? { selected: [], other: rng.pick(OTHER_REASONS) } : { selected: [rng.pick(REASONS)] }
    if (rng.chance(0.2)) answers.visit_date = day
    if (rng.chance(0.15)) answers.staff_name = rng.pick(STAFF)
    if (rng.chance(0.4)) answers.contact_ok = true
    return { answers, csat }
  }
  const ces = 1 + bucket(read(), CES_CUTS)
  if (!rng.chance(0.07)) answers.ces = ces // optional: some customers skip it
  if (survey === 'visit') {
    const explained = read() > EXPLAINED_CUT
    if (!rng.chance(0.05)) answers.explained = explained
  }
  return { answers, csat }
}

// ---- the seed

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Seeds the demo organisation into a freshly migrated, empty database and returns what it wrote.
 * Deterministic for a given `now` (ids and link tokens aside, which are random by design).
 */
export async function seedDemo(database: AppDatabase, opts: SeedOptions): Promise<DemoSummary> {
  const started = performance.now()
  const scale = opts.scale ?? 1
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`)
  const { db } = database
  if (Number((await countOrganisations(db)).n) > 0) throw new Error('The demo seeds an empty database; this one already has an organisation')

  const nowMs = opts.now.getTime()
  const firstDay = Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth(), opts.now.getUTCDate()) - (DAYS - 1) * DAY_MS
  const orgCreated = firstDay - 45 * DAY_MS + 9 * HOUR_MS
  const setUp = firstDay - 21 * DAY_MS + 9 * HOUR_MS
  const firstPublished = firstDay - 7 * DAY_MS + 9.5 * HOUR_MS
  const secondPublished = firstDay + (DAYS - 151) * DAY_MS + 9.5 * HOUR_MS // about five months ago
  const targetRaisedFrom = isoDate(nowMs - 122 * DAY_MS) // about four months ago
  const targetRaisedAt = Date.parse(targetRaisedFrom) - 3 * DAY_MS + 11 * HOUR_MS

  // -- organisation, people, locations, standards, surveys and links: one atomic write
  const orgId = newId(orgCreated)
  const setup: Compilable[] = [insertOrganisation(db, { id: orgId, name: DEMO_ORGANISATION, created_at: iso(orgCreated) })]
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_LOGIN.password)))
  const userIds = DEMO_USERS.map((u, i) => newId(orgCreated + i * HOUR_MS))
  DEMO_USERS.forEach((u, i) => {
    const at = iso(orgCreated + i * HOUR_MS)
    setup.push(insertUser(db, { id: userIds[i]!, org_id: orgId, email: u.email, name: u.name, role: u.role, password_hash: hashes[i]!, active: 1, created_at: at, updated_at: at }))
  })
  const adminId = userIds[0]!
  const managerId = userIds[1]!

  const locationIds = LOCATIONS.map((l, i) => {
    const id = newId(setUp + i)
    setup.push(insertLocation(db, { id, org_id: orgId, name: l.name, code: l.code, kind: l.kind, address: l.address, archived_at: null, created_at: iso(setUp), updated_at: iso(setUp) }))
    return id
  })

  const standardIds = {} as Record<StandardKey, string>
  for (const [i, s] of STANDARDS.entries()) {
    const id = newId(setUp + HOUR_MS + i)
    standardIds[s.key] = id
    const raised = s.key === 'csat'
    setup.push(insertStandard(db, { id, org_id: orgId, ...s.row, archived_at: null, created_at: iso(setUp + HOUR_MS), updated_at: iso(raised ? targetRaisedAt : setUp + HOUR_MS) }))
    const first = { org_id: orgId, standard_id: id, tolerance: s.row.tolerance, direction: s.row.direction, changed_by: adminId }
    setup.push(insertStandardTarget(db, { ...first, id: newId(setUp + HOUR_MS + i), target: raised ? CSAT_TARGET_BEFORE : s.row.target, effective_from: FIRST_TARGET_FROM, created_at: iso(setUp + HOUR_MS) }))
    if (raised)
      setup.push(insertStandardTarget(db, { ...first, id: newId(targetRaisedAt), target: s.row.target, effective_from: targetRaisedFrom, changed_by: managerId, created_at: iso(targetRaisedAt) }))
  }

  const surveys = {
    visit: { id: newId(setUp + 2 * HOUR_MS), title: 'Post-visit feedback', versions: [visitSurvey(standardIds, 1), visitSurvey(standardIds, 2)], created: setUp + 2 * HOUR_MS },
    contact: { id: newId(setUp + 3 * HOUR_MS), title: 'Contact centre follow-up', versions: [contactSurvey(standardIds)], created: setUp + 3 * HOUR_MS },
    branch: { id: newId(setUp + 4 * HOUR_MS), title: 'Branch experience', versions: [branchSurvey(standardIds, 1), branchSurvey(standardIds, 2)], created: setUp + 4 * HOUR_MS },
  }
  const versionIds: Record<SurveyKey, string[]> = { visit: [], contact: [], branch: [] }
  for (const key of ['visit', 'contact', 'branch'] as const) {
    const s = surveys[key]
    const created = s.created
    const lastPublished = s.versions.length > 1 ? secondPublished : firstPublished
    setup.push(insertSurvey(db, { id: s.id, org_id: orgId, title: s.title, archived_at: null, created_at: iso(created), updated_at: iso(lastPublished) }))
    s.versions.forEach((definition, i) => {
      const published = i === 0 ? firstPublished : secondPublished
      const id = newId(published - DAY_MS)
      versionIds[key].push(id)
      // Publishing a newer version archives the older one but keeps when it was published.
      const status = i === s.versions.length - 1 ? 'published' : 'archived'
      setup.push(insertVersion(db, { id, org_id: orgId, survey_id: s.id, version: i + 1, status, definition: JSON.stringify(definition), created_by: managerId, created_at: iso(published - DAY_MS), published_at: iso(published) }))
    })
  }

  const collectorIds = LOCATIONS.map((l, i) =>
    l.links.map((link) => {
      const id = newId(firstPublished + HOUR_MS)
      setup.push(insertCollector(db, { id, org_id: orgId, survey_id: surveys[link.survey ?? l.survey].id, token: newToken(16), label: link.label, location_id: locationIds[i]!, channel: link.channel, status: 'open', created_at: iso(firstPublished + HOUR_MS) }))
      return id
    }),
  )
  await database.atomic(setup)

  // -- a year of responses
  const rng = new SeededRandom(RANDOM_SEED)
  const weightOf = (l: LocationPlan, day: number) => {
    const date = new Date(firstDay + day * DAY_MS)
    const growth = 0.9 + 0.2 * (day / (DAYS - 1)) // more links handed out as the year goes on
    return l.volume * l.weekdays[date.getUTCDay()]! * MONTH_VOLUME[date.getUTCMonth()]! * growth
  }
  let totalWeight = 0
  for (let day = 0; day < DAYS; day++) for (const l of LOCATIONS) totalWeight += weightOf(l, day)
  const perWeight = (RESPONSES_AT_SCALE_1 * scale) / totalWeight
  const baseQuality = LOCATIONS.map((l) => l.satisfied.map(normalQuantile) as [number, number])

  let pending: Compilable[] = []
  let pendingResponses: number[] = [] // index in `pending` of each response's first statement
  // The rollups of a write's responses, merged and written once with them.
  let rollups = new RollupDeltas()
  let responses = 0
  let comments = 0
  let firstAt = Infinity
  // Views, starts, questions reached and completions per link and day. Some people open a link and
  // leave; some start and give up part-way: drawn from their own random stream.
  const events = new Map<string, number>()
  const eventRng = new SeededRandom(RANDOM_SEED ^ 0xe7e7)
  const bump = (collector: string, day: string, event: string, question = '') => {
    const key = `${collector}|${day}|${event}|${question}`
    events.set(key, (events.get(key) ?? 0) + 1)
  }
  const countEvents = (collector: string, day: string, definition: TSurveyDefinition, shown: ReadonlySet<string>) => {
    const order = definition.pages.flatMap((p) => p.questions.map((q) => q.id)).filter((id) => shown.has(id))
    bump(collector, day, 'view')
    bump(collector, day, 'start')
    for (const id of order) bump(collector, day, 'reach', id)
    // The completion (and the link's response count) is counted by the response's own write.
    if (eventRng.chance(0.3)) bump(collector, day, 'view')
    if (eventRng.chance(0.15)) {
      bump(collector, day, 'view')
      bump(collector, day, 'start')
      const gotTo = 1 + Math.floor(eventRng.next() * Math.max(1, order.length - 1))
      for (const id of order.slice(0, gotTo)) bump(collector, day, 'reach', id)
    }
  }
  let lastAt = -Infinity
  const flush = async () => {
    if (pendingResponses.length === 0) return
    const changed = await database.atomic([...pending, ...rollupStatements(db, orgId, rollups)])
    for (const i of pendingResponses) if (changed[i] !== 1) throw new Error('a demo response was not stored')
    pending = []
    pendingResponses = []
    rollups = new RollupDeltas()
  }

  for (let day = 0; day < DAYS; day++) {
    const dayStart = firstDay + day * DAY_MS
    const date = new Date(dayStart)
    const progress = day / (DAYS - 1)
    for (const [li, l] of LOCATIONS.entries()) {
      const count = rng.poisson(weightOf(l, day) * perWeight)
      const [from, to] = baseQuality[li]!
      // A location's quality that day: its trend, the season, busy Saturdays and an ordinary day-to-day wobble.
      const moved = l.step ? Math.min(1, Math.max(0, (day - (DAYS - 1 - l.step.daysAgo)) / l.step.over)) : progress
      let mu = from + (to - from) * moved + MONTH_QUALITY[date.getUTCMonth()]! + (date.getUTCDay() === 6 ? -0.08 : 0) + 0.1 * rng.normal()
      // Bristol was short-staffed for three weeks in the spring.
      if (l.code === 'BRS01' && day >= 140 && day < 161) mu -= 0.45
      for (let k = 0; k < count; k++) {
        let r = rng.next()
        let link = 0
        while (link < l.links.length - 1 && r >= l.links[link]!.share) r -= l.links[link++]!.share
        const [h0, h1] = l.links[link]!.hours
        const at = Math.floor(dayStart + (h0 + rng.next() * (h1 - h0)) * HOUR_MS)
        const surveyKey = l.links[link]!.survey ?? l.survey
        const { answers, csat } = answersFor(rng, surveyKey, mu, isoDate(at))
        // Unhappy customers write more often; about a third of all responses carry a comment.
        const commentChance = 0.3 + (csat <= 2 ? 0.2 : csat === 5 ? 0.05 : 0)
        let comment: string | undefined
        if (rng.chance(commentChance)) comment = writeComment(rng, l.comments, commentTone(rng, csat), l.town)
        if (at > nowMs) continue // later today: not answered yet
        if (comment) {
          answers.comment = comment
          comments++
        }
        const versionIndex = surveys[surveyKey].versions.length > 1 && at >= secondPublished ? 1 : 0
        const definition = surveys[surveyKey].versions[versionIndex]!
        // Customers answer only what the survey's logic shows them.
        const shown = visibility(definition, answers).effective as Record<string, AnswerValue>
        const { answers: clean, problems } = checkAnswers(definition, Object.fromEntries(Object.entries(shown).filter(([id]) => definition.pages.some((p) => p.questions.some((q) => q.id === id)))))
        if (problems.length) throw new Error(`a demo response does not fit its survey: ${JSON.stringify(problems)}`)
        pendingResponses.push(pending.length)
        pending.push(
          ...responseStatements(db, {
            responseId: newId(at),
            link: { org_id: orgId, survey_id: surveys[surveyKey].id, collector_id: collectorIds[li]![link]!, location_id: locationIds[li]! },
            version: { id: versionIds[surveyKey][versionIndex]! },
            definition,
            clientId: `demo-${responses.toString(36)}`,
            language: surveyKey === 'branch' && versionIndex === 1 && rng.chance(0.1) ? 'fr' : 'en',
            answers: clean,
            submittedAt: iso(at),
          }, rollups),
        )
        responses++
        countEvents(collectorIds[li]![link]!, isoDate(at), definition, visibility(definition, clean).questions)
        firstAt = Math.min(firstAt, at)
        lastAt = Math.max(lastAt, at)
        if (pendingResponses.length >= RESPONSES_PER_WRITE[database.runtime]) await flush()
      }
    }
  }
  await flush()

  // Link statistics: the counters the respondent page would have sent.
  const eventRows = [...events].map(([key, count]) => {
    const [collector_id, day, event, question_id] = key.split('|') as [string, string, 'view' | 'start' | 'reach' | 'complete', string]
    return { org_id: orgId, collector_id, day, event, question_id, count }
  })
  const EVENT_ROWS_PER_STATEMENT = 14 // 6 parameters a row: under D1's 100 bound parameters
  for (let i = 0; i < eventRows.length; i += EVENT_ROWS_PER_STATEMENT * 50) {
    const statements: Compilable[] = []
    for (let j = i; j < Math.min(eventRows.length, i + EVENT_ROWS_PER_STATEMENT * 50); j += EVENT_ROWS_PER_STATEMENT)
      statements.push(db.insertInto('link_event_daily').values(eventRows.slice(j, Math.min(j + EVENT_ROWS_PER_STATEMENT, i + EVENT_ROWS_PER_STATEMENT * 50))))
    await database.atomic(statements)
  }

  // -- mystery shopping: templates, a quarter of waves and audits in every status
  const reviewerId = userIds[DEMO_USERS.findIndex((u) => u.role === 'reviewer')]!
  const shopperIds = DEMO_USERS.flatMap((u, i) => (u.role === 'shopper' ? [userIds[i]!] : []))
  const audits = await seedAudits(database, {
    orgId,
    now: nowMs,
    users: { admin: adminId, manager: managerId, reviewer: reviewerId, shoppers: shopperIds },
    locations: LOCATIONS.map((l, i) => ({ id: locationIds[i]!, name: l.name, kind: l.kind, town: l.town, quality: l.satisfied[1] })),
    standards: { greet: standardIds.greet, queue: standardIds.queue, clean: standardIds.clean, phone: standardIds.phone },
  })
  // -- closing the loop: the case rules and SLA, and cases in every status
  const cases = await seedCases(database, { orgId, now: nowMs, users: { admin: adminId, manager: managerId }, locations: LOCATIONS.map((l, i) => ({ id: locationIds[i]!, name: l.name })), standards: { csat: standardIds.csat, nps: standardIds.nps, greet: standardIds.greet } })
  await seedActions(database, { orgId, now: nowMs }) // improvement actions: one that worked (York's refit), one that did not

  return {
    organisation: DEMO_ORGANISATION,
    users: DEMO_USERS.map((u) => ({ ...u })),
    password: DEMO_LOGIN.password,
    locations: LOCATIONS.length,
    standards: STANDARDS.length,
    surveys: Object.keys(surveys).length,
    collectors: collectorIds.flat().length,
    responses,
    comments,
    audits: audits.assignments,
    cases: cases.cases,
    period: { from: responses ? isoDate(firstAt) : isoDate(firstDay), to: responses ? isoDate(lastAt) : isoDate(nowMs) },
    seconds: (performance.now() - started) / 1000,
  }
}
