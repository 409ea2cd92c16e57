import { describe, expect, it } from 'vitest'
import { addUser, Client, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { tag, TAGGER_VERSION } from '../../shared/sentiment/index.ts'
import { themeMask } from '../../server/domain/comments.ts'
import { runRetagBatch, startRetagLoop } from '../../server/domain/retag.ts'
import type { AppDatabase } from '../../server/db/database.ts'

// Re-tagging after a tagger upgrade: an old version is simulated by rewriting tagger_version (and
// scrambling the old tags) in the database; POST /api/comments/retag then brings every comment to
// the current version batch by batch, keeping managers' corrections.

const TEXTS = [
  'Waited 40 minutes in the queue, nobody apologised',
  'Lovely friendly staff, spotless store',
  'Ok',
  'Great coffee, rude barista',
  'The app kept crashing when I tried to pay',
  'Thanks for the help with my refund, sorted in one call',
  'Toilets were filthy and there was no soap',
]

async function withComments(): Promise<{ h: Harness; admin: Client; ids: string[] }> {
  const h = await makeHarness()
  const admin = await setupOrg(h)
  const surveyId = (await admin.post('/api/surveys', { title: 'After your visit' })).body.survey.id
  await admin.post(`/api/surveys/${surveyId}/publish`)
  const token = (await admin.post(`/api/surveys/${surveyId}/collectors`, { label: 'Receipt' })).body.collector.token
  const customer = new Client(h)
  const versionId = (await customer.get(`/api/public/s/${token}`)).body.versionId
  for (const [i, comment] of TEXTS.entries()) {
    const r = await customer.post(`/api/public/s/${token}/responses`, { clientId: `retag-client-${i}`, versionId, answers: { nps: 5, csat: 3, comment } })
    expect(r.status).toBe(201)
  }
  const ids = (await h.deps.database.db.selectFrom('comment').select('id').orderBy('id').execute()).map((r) => r.id)
  expect(ids).toHaveLength(TEXTS.length)
  return { h, admin, ids }
}

/** As if every comment had been tagged by an older tagger that called everything positive, with no themes. */
async function makeOld(h: Harness, version = '2025.01.0') {
  await h.deps.database.db.updateTable('comment').set({ tagger_version: version, label: 'positive', score: 0.5, themes: 0 }).execute()
  await h.deps.database.db.updateTable('comment').set({ final_label: 'positive', final_themes: 0 }).where('corrected_label', 'is', null).execute()
}

function rows(h: Harness) {
  return h.deps.database.db.selectFrom('comment').selectAll().orderBy('id').execute()
}

describe('re-tagging comments', () => {
  it('re-tags every comment of an old version batch by batch; a correction sticks; progress counts right', async () => {
    const { h, admin, ids } = await withComments()
    const manager = await addUser(h, admin, 'manager', 'manager@acme.example')
    const analyst = await addUser(h, admin, 'analyst', 'analyst@acme.example')
    // Nothing has needed re-tagging yet.
    expect((await analyst.get('/api/comments/retag')).body).toEqual({ progress: null })
    expect((await manager.post('/api/comments/retag')).body).toEqual({ progress: null })

    const corrected = ids[1]!
    expect((await manager.patch(`/api/comments/${corrected}`, { label: 'mixed', themes: ['price_value'] })).status).toBe(200)
    await makeOld(h)
    expect((await analyst.post('/api/comments/retag')).status).toBe(403)

    // Small batches, so the job takes several: 7 comments in batches of 3.
    const seen: { done: number; total: number; status: string }[] = []
    for (let i = 0; i < 10; i++) {
      const p = await runRetagBatch(h.deps.database, new Date(), 3)
      seen.push({ done: p!.done, total: p!.total, status: p!.status })
      if (p!.status === 'done') break
    }
    expect(seen).toEqual([
      { done: 3, total: 7, status: 'running' },
      { done: 6, total: 7, status: 'running' },
      { done: 7, total: 7, status: 'done' },
    ])
    const progress = (await analyst.get('/api/comments/retag')).body.progress
    expect(progress).toMatchObject({ status: 'done', total: 7, done: 7, target: TAGGER_VERSION, finishedAt: expect.any(String), startedAt: expect.any(String) })

    for (const r of await rows(h)) {
      const t = tag(r.text)
      // The tagger's own columns are the current version's for every comment…
      expect(r).toMatchObject({ tagger_version: TAGGER_VERSION, label: t.label, score: t.score, themes: themeMask(t.themes) })
      // …and the final label and themes are the tagger's, except where a manager corrected them.
      if (r.id === corrected) expect(r).toMatchObject({ corrected_label: 'mixed', final_label: 'mixed', final_themes: themeMask(['price_value']) })
      else expect(r).toMatchObject({ corrected_label: null, final_label: t.label, final_themes: themeMask(t.themes) })
    }
    expect((await analyst.get('/api/comments?label=negative')).body.total).toBe((await rows(h)).filter((r) => r.id !== corrected && tag(r.text).label === 'negative').length)
    expect((await analyst.get(`/api/comments/${corrected}`)).body.comment).toMatchObject({ label: 'mixed', themes: ['price_value'], tagger: { version: TAGGER_VERSION } })

    // Done stays done; comments of an old version appearing later start it over.
    expect((await manager.post('/api/comments/retag')).body.progress).toMatchObject({ status: 'done', total: 7, done: 7 })
    await h.deps.database.db.updateTable('comment').set({ tagger_version: '2025.01.0' }).where('id', '=', ids[0]!).execute()
    expect((await manager.post('/api/comments/retag')).body.progress).toMatchObject({ status: 'done', total: 1, done: 1 })
  })

  it('an interrupted batch changes nothing and the job resumes from its cursor', async () => {
    const { h, admin } = await withComments()
    await makeOld(h)
    const database = h.deps.database
    expect((await runRetagBatch(database, new Date(), 4))!).toMatchObject({ status: 'running', done: 4, total: 7 })
    const before = await rows(h)

    // The next batch's write fails (a restart, a lost connection): nothing of it lands.
    const failing: AppDatabase = { ...database, atomic: async () => Promise.reject(new Error('connection lost')) }
    await expect(runRetagBatch(failing, new Date(), 4)).rejects.toThrow('connection lost')
    expect(await rows(h)).toEqual(before)
    expect((await admin.get('/api/comments/retag')).body.progress).toMatchObject({ status: 'running', done: 4, total: 7 })

    // Through the API (batches of 500): the rest in one go.
    const p = (await admin.post('/api/comments/retag')).body.progress
    expect(p).toMatchObject({ status: 'done', done: 7, total: 7 })
    for (const r of await rows(h)) expect(r.tagger_version).toBe(TAGGER_VERSION)
  })

  it('two runners on the same batch apply it once', async () => {
    const { h } = await withComments()
    await makeOld(h)
    const [a, b] = await Promise.all([runRetagBatch(h.deps.database, new Date(), 5), runRetagBatch(h.deps.database, new Date(), 5)])
    expect([a!.done, b!.done]).toEqual([5, 5])
    const job = await h.deps.database.db.selectFrom('job').selectAll().executeTakeFirstOrThrow()
    expect(job.done).toBe(5)
    expect((await rows(h)).filter((r) => r.tagger_version === TAGGER_VERSION)).toHaveLength(5)
  })

  it('the Node background loop runs to the end between requests, and a failed job resumes when run again', async () => {
    const { h, admin } = await withComments()
    await makeOld(h)
    const logs: Record<string, unknown>[] = []
    let calls = 0
    const flaky: AppDatabase = {
      ...h.deps.database,
      atomic: async (s) => {
        if (++calls === 2) throw new Error('disk full')
        return h.deps.database.atomic(s)
      },
    }
    const failed = startRetagLoop(flaky, { now: () => new Date(), log: (l) => logs.push(l), batchSize: 2 })
    await failed.finished
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', msg: 'retag failed', error: 'disk full' }))
    expect((await admin.get('/api/comments/retag')).body.progress).toMatchObject({ status: 'failed', done: 2, total: 7 })

    const loop = startRetagLoop(h.deps.database, { now: () => new Date(), log: (l) => logs.push(l), batchSize: 2 })
    // Requests are answered while it runs.
    expect((await admin.get('/api/comments?limit=1')).status).toBe(200)
    await loop.finished
    expect((await admin.get('/api/comments/retag')).body.progress).toMatchObject({ status: 'done', done: 7, total: 7 })
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'retag done', total: 7 }))
    for (const r of await rows(h)) expect(r.tagger_version).toBe(TAGGER_VERSION)
    // Stopping a finished loop is immediate.
    await loop.stop()
  })

  it('stops cleanly after the batch in progress', async () => {
    const { h } = await withComments()
    await makeOld(h)
    const loop = startRetagLoop(h.deps.database, { now: () => new Date(), log: () => {}, batchSize: 1 })
    await loop.stop()
    const job = await h.deps.database.db.selectFrom('job').selectAll().executeTakeFirstOrThrow()
    expect(job.status).toBe('running')
    expect(job.done).toBeLessThan(7)
    expect((await rows(h)).filter((r) => r.tagger_version === TAGGER_VERSION)).toHaveLength(job.done)
  })
})
