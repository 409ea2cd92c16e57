import { randomBytes } from 'node:crypto'
import { migrateToLatest } from '../server/db/database.ts'
import { openSqliteDatabase } from '../server/db/sqlite.ts'
import { ZSurveyDefinition, type TSurveyDefinition } from '../shared/survey/definition.ts'
import type { AnswerValue } from '../shared/survey/answers.ts'
import { newId } from '../shared/ids.ts'

/**
 * A realistic survey for submission benchmarks and durability tests: ten questions of the kinds a
 * customer meets after a visit (the headline scales, two ratings, choices, yes/no, a number and a
 * comment), published, with one open link at one location.
 */
export const TEN_QUESTION_SURVEY = ZSurveyDefinition.parse({
  title: 'After your visit',
  intro: 'Tell us about your visit today. It takes about two minutes.',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend or colleague?', required: true },
        { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with the service you received today?', required: true },
        { id: 'ces', type: 'ces', text: 'It was easy to get what I came for.' },
        { id: 'reliability', type: 'rating', points: 5, style: 'stars', text: 'We did what we promised, when we promised it.' },
        { id: 'courtesy', type: 'rating', points: 5, style: 'stars', text: 'Our staff were courteous.' },
      ],
    },
    {
      id: 'p2',
      title: 'About your visit',
      questions: [
        { id: 'reason', type: 'single_choice', text: 'What did you come in for?', choices: [{ id: 'buy', label: 'To buy something' }, { id: 'return', label: 'A return' }, { id: 'advice', label: 'Advice' }], allowOther: true },
        { id: 'liked', type: 'multiple_choice', text: 'What did you like?', choices: [{ id: 'staff', label: 'Staff' }, { id: 'speed', label: 'Speed' }, { id: 'clean', label: 'Cleanliness' }, { id: 'stock', label: 'Stock' }] },
        { id: 'greeted', type: 'yes_no', text: 'Were you greeted when you arrived?' },
        { id: 'wait', type: 'number', text: 'About how many minutes did you wait?', min: 0, max: 240, integer: true },
        { id: 'comment', type: 'comment', text: 'What is the main reason for your score?' },
      ],
    },
  ],
}) satisfies TSurveyDefinition

const COMMENTS = ['Quick and friendly, but the queue was long.', 'Staff knew exactly where everything was. Thank you!', 'Fine overall; the card reader at till 3 was broken again.']

/** The i-th customer's answers: all ten questions answered, values varied so the rollup gets many rows. */
export function answersFor(i: number): Record<string, AnswerValue> {
  return {
    nps: i % 11,
    csat: 1 + (i % 5),
    ces: 1 + (i % 7),
    reliability: 1 + (i % 5),
    courtesy: 1 + ((i >> 1) % 5),
    reason: i % 4 === 3 ? { selected: [], other: 'Picking up an order' } : { selected: [['buy', 'return', 'advice'][i % 3]!] },
    liked: { selected: ['staff', 'speed', 'clean', 'stock'].filter((_, k) => k === i % 4 || (i >> k) & 1) },
    greeted: i % 3 !== 0,
    wait: i % 25,
    comment: COMMENTS[i % COMMENTS.length]!,
  }
}

export interface SubmitFixture {
  token: string
  versionId: string
  surveyId: string
}

/** Migrates the SQLite file and seeds an organisation, the published survey and its link. */
export async function seedSubmitFixture(file: string): Promise<SubmitFixture> {
  const database = openSqliteDatabase(file)
  try {
    await migrateToLatest(database)
    const db = database.db
    const at = new Date().toISOString()
    const orgId = newId()
    const userId = newId()
    const locationId = newId()
    const surveyId = newId()
    const versionId = newId()
    const token = randomBytes(16).toString('base64url')
    await db.insertInto('organisation').values({ id: orgId, name: 'Bench Retail', created_at: at }).execute()
    await db
      .insertInto('user')
      .values({ id: userId, org_id: orgId, email: 'admin@bench.example', name: 'Bench Admin', role: 'admin', password_hash: 'pbkdf2-sha256$1$AA$AA', active: 1, created_at: at, updated_at: at })
      .execute()
    await db.insertInto('location').values({ id: locationId, org_id: orgId, name: 'High Street', code: 'HS', kind: 'store', address: '', archived_at: null, created_at: at, updated_at: at }).execute()
    await db.insertInto('survey').values({ id: surveyId, org_id: orgId, title: TEN_QUESTION_SURVEY.title, archived_at: null, created_at: at, updated_at: at }).execute()
    await db
      .insertInto('survey_version')
      .values({ id: versionId, org_id: orgId, survey_id: surveyId, version: 1, status: 'published', definition: JSON.stringify(TEN_QUESTION_SURVEY), created_by: userId, created_at: at, published_at: at })
      .execute()
    await db.insertInto('collector').values({ id: newId(), org_id: orgId, survey_id: surveyId, token, label: 'Receipt', location_id: locationId, channel: 'receipt', status: 'open', created_at: at }).execute()
    return { token, versionId, surveyId }
  } finally {
    await database.close()
  }
}
