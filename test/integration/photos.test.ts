import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, Client, createOrgDirect, makeHarness, setupOrg, type Harness } from '../helpers/harness.ts'
import { insertAssignment, insertPublishedTemplate, JPEG_SMALL, photoForm, PNG_1X1, sendForm, type AuditFixture } from '../helpers/shopper-fixture.ts'
import { detectImageType } from '../../server/lib/image-type.ts'

/** Receipt photos: upload by content type, limits, who may see them, removal from disk. */

const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0))
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
const HEIC = concat(Uint8Array.of(0, 0, 0, 24), ascii('ftypheic'), Uint8Array.of(0, 0, 0, 0), ascii('mif1heic'), new Uint8Array(40))
const WEBP = concat(ascii('RIFF'), Uint8Array.of(36, 0, 0, 0), ascii('WEBPVP8 '), new Uint8Array(28))

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('image type from the first bytes', () => {
  it('knows JPEG, PNG, WebP and HEIC, and nothing else', () => {
    expect(detectImageType(JPEG_SMALL)).toBe('image/jpeg')
    expect(detectImageType(PNG_1X1)).toBe('image/png')
    expect(detectImageType(WEBP)).toBe('image/webp')
    expect(detectImageType(HEIC)).toBe('image/heic')
    expect(detectImageType(concat(Uint8Array.of(0, 0, 0, 24), ascii('ftypmif1'), new Uint8Array(8)))).toBe('image/heic')
    expect(detectImageType(concat(Uint8Array.of(0, 0, 0, 24), ascii('ftypisom'), new Uint8Array(8)))).toBeNull() // an MP4 video
    expect(detectImageType(ascii('GIF89a\x01\x00\x01\x00'))).toBeNull()
    expect(detectImageType(ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull()
    expect(detectImageType(ascii('Total £4.50, thank you'))).toBeNull()
    expect(detectImageType(new Uint8Array(0))).toBeNull()
    expect(detectImageType(Uint8Array.of(0xff, 0xd8))).toBeNull()
  })
})

interface World {
  h: Harness
  admin: Client
  shopper: Client
  orgId: string
  shopperId: string
  fixture: AuditFixture
  id: string
}

async function world(): Promise<World> {
  const h = await makeHarness()
  const admin = await setupOrg(h)
  const shopper = await addUser(h, admin, 'shopper', 'sam@acme.example')
  const a = (await admin.get('/api/auth/me')).body
  const shopperId = (await shopper.get('/api/auth/me')).body.user.id
  const fixture = await insertPublishedTemplate(h.deps.database.db, a.organisation.id, a.user.id)
  const id = await insertAssignment(h.deps.database.db, a.organisation.id, fixture, shopperId, { status: 'accepted' })
  return { h, admin, shopper, orgId: a.organisation.id, shopperId, fixture, id }
}

describe('photo upload and viewing', () => {
  let w: World
  const upload = (form: FormData, c?: Client) => sendForm(c ?? w.shopper, 'POST', `/api/shopper/assignments/${w.id}/photos`, form)
  beforeAll(async () => {
    w = await world()
  })

  it('takes a PNG and a JPEG by their bytes, whatever the declared type, and serves them back unchanged', async () => {
    const png = await upload(photoForm('receipt', PNG_1X1, 'IMG_0001.jpg', 'image/jpeg'))
    expect(png.status).toBe(201)
    expect(png.body.photo).toEqual({ id: expect.any(String), itemId: 'receipt', contentType: 'image/png', bytes: PNG_1X1.length, url: `/api/photos/${png.body.photo.id}` })
    const jpeg = await upload(photoForm('receipt', JPEG_SMALL, 'receipt', 'application/octet-stream'))
    expect(jpeg.status).toBe(201)
    expect(jpeg.body.photo.contentType).toBe('image/jpeg')

    for (const [photo, bytes] of [[png.body.photo, PNG_1X1], [jpeg.body.photo, JPEG_SMALL]] as const) {
      const res = await w.shopper.fetch(new Request(new URL(photo.url, w.shopper.origin), { headers: { cookie: w.shopper.cookie } }))
      expect(res.status).toBe(200)
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
      expect(res.headers.get('content-type')).toBe(photo.contentType)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('cache-control')).toBe('private, max-age=3600')
      expect(res.headers.get('content-disposition')).toBe('inline')
    }

    const row = await w.h.deps.database.db.selectFrom('audit_photo').selectAll().where('id', '=', png.body.photo.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ assignment_id: w.id, item_id: 'receipt', content_type: 'image/png', bytes: PNG_1X1.length, uploaded_by: w.shopperId })
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(filesUnder(w.h.photoDir).filter((f) => !f.endsWith('.type'))).toHaveLength(2)

    const detail = await w.shopper.get(`/api/shopper/assignments/${w.id}`)
    expect(detail.body.photos.map((p: { id: string }) => p.id)).toEqual([png.body.photo.id, jpeg.body.photo.id])
  })

  it('refuses more photos than the item takes (2 here)', async () => {
    const third = await upload(photoForm('receipt', PNG_1X1))
    expect(third.status).toBe(409)
    expect(third.body.error.message).toMatch(/at most 2 photos/)
    expect(filesUnder(w.h.photoDir).filter((f) => !f.endsWith('.type'))).toHaveLength(2)
  })

  it('refuses what is not an image whatever it is called, a non-photo item, and a body that is not multipart', async () => {
    const fresh = await insertAssignment(w.h.deps.database.db, w.orgId, w.fixture, w.shopperId, { status: 'in_progress' })
    const before = filesUnder(w.h.photoDir).length
    for (const [bytes, name, type] of [
      [ascii('Total £4.50, thank you for shopping'), 'receipt.jpg', 'image/jpeg'],
      [ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'receipt.svg', 'image/svg+xml'],
      [ascii('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'receipt.gif', 'image/gif'],
    ] as const) {
      const r = await sendForm(w.shopper, 'POST', `/api/shopper/assignments/${fresh}/photos`, photoForm('receipt', bytes, name, type))
      expect(r.status, name).toBe(400)
      expect(r.body.error.message).toBe('The file must be a JPEG, PNG, WebP or HEIC image')
    }
    const heic = await sendForm(w.shopper, 'POST', `/api/shopper/assignments/${fresh}/photos`, photoForm('receipt', HEIC, 'IMG_0002.HEIC', ''))
    expect(heic.body.photo?.contentType).toBe('image/heic')
    const notPhotoItem = await sendForm(w.shopper, 'POST', `/api/shopper/assignments/${fresh}/photos`, photoForm('narrative', PNG_1X1))
    expect(notPhotoItem.status).toBe(400)
    expect(notPhotoItem.body.error.issues).toEqual([{ path: 'body.itemId', message: 'is not a photo item of this audit' }])
    const json = await w.shopper.post(`/api/shopper/assignments/${fresh}/photos`, { itemId: 'receipt' })
    expect(json.status).toBe(400)
    expect(json.body.error.message).toMatch(/multipart/)
    expect(filesUnder(w.h.photoDir).length).toBe(before + 2) // the HEIC photo and its type
  })

  it('refuses a photo over 5 MB', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set(JPEG_SMALL.subarray(0, 4))
    const r = await upload(photoForm('receipt', big))
    expect(r.status).toBe(413)
    expect(r.body.error.message).toContain('5 MB')
    const huge = new Uint8Array(7 * 1024 * 1024)
    huge.set(JPEG_SMALL.subarray(0, 4))
    const r2 = await upload(photoForm('receipt', huge))
    expect(r2.status).toBe(413)
    expect(r2.body.error.message).toContain('5 MB')
  })

  it('serves a photo to results readers of the organisation and to its shopper only', async () => {
    const photoId = (await w.shopper.get(`/api/shopper/assignments/${w.id}`)).body.photos[0].id
    const analyst = await addUser(w.h, w.admin, 'analyst', 'ann@acme.example')
    const reviewer = await addUser(w.h, w.admin, 'reviewer', 'rita@acme.example')
    const otherShopper = await addUser(w.h, w.admin, 'shopper', 'olive@acme.example')
    const otherOrg = await createOrgDirect(w.h, 'Other Org', 'admin@other.example')
    const status = async (c: Client) => (await c.get(`/api/photos/${photoId}`)).status
    expect(await status(w.shopper)).toBe(200)
    expect(await status(w.admin)).toBe(200)
    expect(await status(analyst)).toBe(200)
    expect(await status(reviewer)).toBe(200)
    expect(await status(otherShopper)).toBe(404)
    expect(await status(otherOrg)).toBe(404)
    expect(await status(new Client(w.h))).toBe(401)
    expect((await w.admin.get('/api/photos/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404)
  })

  it('deletes a photo: the file leaves the disk and its id leaves the saved answers', async () => {
    const photos = (await w.shopper.get(`/api/shopper/assignments/${w.id}`)).body.photos as { id: string }[]
    const [keep, drop] = [photos[0]!.id, photos[1]!.id]
    const saved = await w.shopper.put(`/api/shopper/assignments/${w.id}/draft`, { answers: { receipt: { photoIds: [keep, drop] } }, revision: 0 })
    expect(saved.status).toBe(200)
    const stored = await w.h.deps.database.db.selectFrom('audit_photo').select('storage_key').where('id', '=', drop).executeTakeFirstOrThrow()
    const file = filesUnder(w.h.photoDir).find((f) => f.endsWith(stored.storage_key.split('/')[1]!))
    expect(file && existsSync(file)).toBe(true)

    const r = await w.shopper.del(`/api/shopper/assignments/${w.id}/photos/${drop}`)
    expect(r.status).toBe(200)
    expect(existsSync(file!)).toBe(false)
    const detail = await w.shopper.get(`/api/shopper/assignments/${w.id}`)
    expect(detail.body.photos.map((p: { id: string }) => p.id)).toEqual([keep])
    // Not a new revision: the phone removed the id itself and saves on from the same revision.
    expect(detail.body.assignment).toMatchObject({ revision: 1, answers: { receipt: { photoIds: [keep] } } })
    expect((await w.admin.get(`/api/photos/${drop}`)).status).toBe(404)
    expect((await w.shopper.del(`/api/shopper/assignments/${w.id}/photos/${drop}`)).status).toBe(404)
    expect((await w.shopper.put(`/api/shopper/assignments/${w.id}/draft`, { answers: { receipt: { photoIds: [keep] } }, revision: 1 })).status).toBe(200)
  })

  it('a photo can only be named by the item it was uploaded for', async () => {
    const keep = (await w.shopper.get(`/api/shopper/assignments/${w.id}`)).body.photos[0].id
    const r = await w.shopper.put(`/api/shopper/assignments/${w.id}/draft`, { answers: { receipt: { photoIds: [keep] }, narrative: { photoIds: [keep] } }, revision: 2 })
    expect(r.status).toBe(400)
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain('body.answers.narrative')
  })

  it('no uploads or removals once the audit is submitted', async () => {
    const keep = (await w.shopper.get(`/api/shopper/assignments/${w.id}`)).body.photos[0].id
    const submitted = await w.shopper.post(`/api/shopper/assignments/${w.id}/submit`, {
      answers: { greeted: { value: true }, queue_time: { value: 60 }, receipt: { photoIds: [keep] } },
      revision: 2,
      visitStartedAt: '2026-12-03T09:00:00Z',
      visitEndedAt: '2026-12-03T09:15:00Z',
    })
    expect(submitted.status).toBe(200)
    expect((await upload(photoForm('receipt', PNG_1X1))).status).toBe(409)
    expect((await w.shopper.del(`/api/shopper/assignments/${w.id}/photos/${keep}`)).status).toBe(409)
    expect((await w.admin.get(`/api/photos/${keep}`)).status).toBe(200)
  })
})
