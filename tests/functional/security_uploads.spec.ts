import { crc32, deflateSync } from 'node:zlib'
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import sharp from 'sharp'
import QueueEntry from '#models/queue_entry'
import Setting from '#models/setting'
import clinicLogo from '#services/settings/clinic_logo'
import { loadTicketData } from '#services/printing/ticket_data'
import { ticketView } from '#services/printing/ticket_view'
import { renderTicketPdf } from '#services/printing/ticket_pdf'
import { currentTenantOrFail } from '#tenants/context'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, hostOf, inTenant } from '#tests/helpers/tenants'
import { apiToken } from '#tests/helpers/api'
import { paymentClinic } from '#tests/helpers/payments'
import { createBoard } from '#tests/helpers/boards'
import { setupRegistry } from '#tests/helpers/registry'

/**
 * Issue 12, F5: every uploaded picture is decoded, bounded and re-encoded by
 * the shared rule (app/services/uploads/upload_check.ts), for the clinic logo,
 * doctor photos and board media alike.
 */

function pngChunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** The attack's file: a valid PNG header declaring 20000×20000 RGB, a tiny IDAT, 661 bytes in all. */
function pngBomb(size = 661) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(20_000, 0)
  header.writeUInt32BE(20_000, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  const start = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64 * 1024))),
  ])
  const end = pngChunk('IEND', Buffer.alloc(0))
  const padding = size - start.length - end.length - 12
  const text = padding >= 0 ? [pngChunk('tEXt', Buffer.alloc(padding, 0x61))] : []
  return Buffer.concat([start, ...text, end])
}

/** A camera-like photo: 5000×3000 JPEG with EXIF (maker, GPS position) and an XMP comment. */
async function photoWithExif() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="3000">
    <rect width="5000" height="3000" fill="#2a7"/><circle cx="2500" cy="1500" r="1200" fill="#d33"/></svg>`
  return sharp(Buffer.from(svg))
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'SecretCam', Model: 'GPS-9000', Copyright: 'Dr Private' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 18/1 3600/100', GPSLongitudeRef: 'E' },
    })
    .toBuffer()
}

const SMALL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

const TOO_LARGE = {
  ru: 'Картинка 20000×20000 пикселей: принимается не больше 40 мегапикселей',
  uz: 'Rasm 20000×20000 piksel: koʻpi bilan 40 megapiksel',
  en: 'The picture is 20000×20000 pixels: at most 40 megapixels',
}
const UNREADABLE = {
  ru: 'Картинку не удаётся прочитать',
  uz: 'Rasmni oʻqib boʻlmadi',
  en: 'The picture cannot be read',
}

interface Target {
  name: string
  url: string
  field: string
  /** The stored picture, as its page fetches it (null: nothing stored). */
  stored: () => Promise<Buffer | null>
}

/** The three upload endpoints of a clinic (its registry set up here unless a doctor is given). */
async function targets(client: ApiClient, tenant: Tenant, doctorId?: number) {
  doctorId ??= (await setupRegistry(tenant)).doctors.cardiology.id
  const token = await apiToken(client, tenant, 'admin')
  const board = await createBoard(client, tenant)
  const host = hostOf(tenant)
  const fetch = async (url: string) => {
    const response = await client.get(url).header('host', host).bearerToken(token)
    return response.status() === 200 ? Buffer.from(response.body()) : null
  }
  const list: Target[] = [
    {
      name: 'clinic logo',
      url: '/api/admin/settings/logo',
      field: 'logo',
      stored: () => fetch('/clinic/logo'),
    },
    {
      name: 'doctor photo',
      url: `/api/admin/doctors/${doctorId}/photo`,
      field: 'photo',
      stored: () => fetch(`/api/admin/doctors/${doctorId}/photo`),
    },
    {
      name: 'board media',
      url: `/api/admin/boards/${board.id}/media`,
      field: 'file',
      stored: async () => {
        const shown = await client
          .get(`/api/admin/boards/${board.id}`)
          .header('host', host)
          .bearerToken(token)
        const last = shown.body().media.at(-1)
        return last ? fetch(`/display/${board.key}/media/${last.id}`) : null
      },
    },
  ]
  const upload = (target: Target, bytes: Buffer, filename: string, locale = 'en') =>
    client
      .post(target.url)
      .header('host', host)
      .header('accept-language', locale)
      .bearerToken(token)
      .file(target.field, bytes, { filename })
  return { list, upload, board, token, host }
}

test.group('Security F5: uploaded images are decoded, bounded and re-encoded', () => {
  test('the 661-byte PNG declaring 20000×20000 is refused as logo, doctor photo and board media, in ru, uz and en', async ({
    client,
    assert,
  }) => {
    const bomb = pngBomb()
    assert.lengthOf(bomb, 661)
    const header = await sharp(bomb, { limitInputPixels: false }).metadata()
    assert.deepEqual([header.width, header.height], [20_000, 20_000], 'a valid header')

    const tenant = await createTestTenant('upl')
    const { list, upload } = await targets(client, tenant)
    for (const target of list) {
      for (const [locale, message] of Object.entries(TOO_LARGE)) {
        const started = Date.now()
        const refused = await upload(target, bomb, 'logo.png', locale)
        refused.assertStatus(422)
        assert.equal(refused.body().error.code, 'IMAGE_TOO_LARGE', target.name)
        assert.equal(refused.body().error.field, target.field)
        assert.include(refused.body().error.message, message, `${target.name} (${locale})`)
        assert.isBelow(Date.now() - started, 5000, 'refused from the header, before decoding')
      }
      assert.isNull(await target.stored(), `${target.name}: nothing stored`)
    }
  }).timeout(60_000)

  test('a truncated JPEG or PNG is refused everywhere; a file that only starts like a video too', async ({
    client,
    assert,
  }) => {
    const photo = await photoWithExif()
    const png = await sharp(photo).resize(800).png().toBuffer()
    const cut = {
      'cut.jpg': photo.subarray(0, Math.floor(photo.length * 0.6)),
      'cut.png': png.subarray(0, Math.floor(png.length * 0.6)),
      'header-only.png': SMALL_PNG.subarray(0, 40),
    }
    const tenant = await createTestTenant('upl')
    const { list, upload } = await targets(client, tenant)
    for (const target of list) {
      for (const [name, bytes] of Object.entries(cut)) {
        const refused = await upload(target, bytes, name, 'ru')
        refused.assertStatus(422)
        assert.equal(refused.body().error?.code, 'IMAGE_UNREADABLE', `${target.name}: ${name}`)
        assert.include(refused.body().error.message, UNREADABLE.ru)
      }
      for (const [locale, message] of Object.entries(UNREADABLE)) {
        const refused = await upload(target, cut['cut.jpg'], 'photo.jpg', locale)
        assert.include(refused.body().error.message, message)
      }
      assert.isNull(await target.stored(), `${target.name}: nothing stored`)
    }

    /* Board videos: the container is checked (signature, box sizes), not decoded. */
    const board = list.find((target) => target.field === 'file')!
    const box = (type: string, body: Buffer) => {
      const size = Buffer.alloc(4)
      size.writeUInt32BE(8 + body.length)
      return Buffer.concat([size, Buffer.from(type, 'latin1'), body])
    }
    const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'))
    const mp4 = Buffer.concat([
      ftyp,
      box('moov', Buffer.alloc(64)),
      box('mdat', Buffer.alloc(2048)),
    ])
    const cutMp4 = mp4.subarray(0, mp4.length - 1000)
    const refusedVideo = await upload(board, cutMp4, 'clip.mp4', 'uz')
    refusedVideo.assertStatus(422)
    assert.equal(refusedVideo.body().error.code, 'VIDEO_UNREADABLE')
    assert.include(refusedVideo.body().error.message, 'Videoni oʻqib boʻlmadi')
    const noMovie = await upload(
      board,
      Buffer.concat([ftyp, box('free', Buffer.alloc(4096))]),
      'x.mp4'
    )
    assert.equal(noMovie.body().error?.code, 'VIDEO_UNREADABLE', 'no moov/mdat: not a movie')
    const webmHeader = Buffer.from([
      0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2,
      0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87,
      0x81, 0x04, 0x42, 0x85, 0x81, 0x02,
    ])
    /* A Segment declaring 1 MB with 100 bytes present: cut short. */
    const cutWebm = Buffer.concat([
      webmHeader,
      Buffer.from([0x18, 0x53, 0x80, 0x67, 0x10, 0x10, 0x00, 0x00]),
      Buffer.alloc(100),
    ])
    const refusedWebm = await upload(board, cutWebm, 'clip.webm')
    assert.equal(refusedWebm.body().error?.code, 'VIDEO_UNREADABLE')
    const accepted = await upload(board, mp4, 'clip.mp4')
    accepted.assertStatus(201)
    assert.equal(accepted.body().kind, 'video')
    assert.deepEqual(await board.stored(), mp4, 'a video is stored as it came')
  }).timeout(60_000)

  test('a real photo with EXIF is accepted, re-encoded without its metadata and scaled to its use', async ({
    client,
    assert,
  }) => {
    const photo = await photoWithExif()
    const original = await sharp(photo).metadata()
    assert.isDefined(original.exif, 'the upload carries EXIF')
    assert.include(photo.toString('latin1'), 'SecretCam')

    const tenant = await createTestTenant('upl')
    const { list, upload } = await targets(client, tenant)
    const maxSide: Record<string, number> = { logo: 1024, photo: 1024, file: 3840 }
    for (const target of list) {
      const saved = await upload(target, photo, 'IMG_0001.jpg')
      assert.oneOf(saved.status(), [200, 201], `${target.name}: ${JSON.stringify(saved.body())}`)
      const stored = (await target.stored())!
      assert.isNotNull(stored, target.name)
      assert.notDeepEqual(stored, photo, 're-encoded, not the bytes sent')
      const meta = await sharp(stored).metadata()
      assert.equal(meta.format, 'jpeg', `${target.name}: stays a JPEG`)
      assert.isUndefined(meta.exif, `${target.name}: no EXIF`)
      assert.isUndefined(meta.xmp, `${target.name}: no XMP`)
      assert.notInclude(stored.toString('latin1'), 'SecretCam')
      assert.notInclude(stored.toString('latin1'), 'GPS')
      assert.equal(Math.max(meta.width, meta.height), maxSide[target.field], target.name)
      assert.approximately(meta.width / meta.height, 5000 / 3000, 0.01, 'proportions kept')
    }

    /* A small PNG stays a PNG of its own size. */
    const logo = list[0]
    ;(await upload(logo, SMALL_PNG, 'dot.png')).assertStatus(200)
    const small = await sharp((await logo.stored())!).metadata()
    assert.deepEqual([small.format, small.width, small.height], ['png', 1, 1])
  }).timeout(60_000)

  test('after a refused logo the ticket and receipt PDFs still render; a bomb stored before the check is left out', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('upl')
    const clinic = await paymentClinic(client, tenant)
    const { list, upload } = await targets(client, tenant, clinic.doctors.cardiology.id)
    const logo = list[0]
    ;(await upload(logo, await photoWithExif(), 'logo.jpg')).assertStatus(200)
    const before = await logo.stored()
    ;(await upload(logo, pngBomb(), 'logo.png')).assertStatus(422)
    assert.deepEqual(await logo.stored(), before, 'the previous logo stays')

    const paid = await clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })
    paid.assertStatus(201)
    const receipt = () => clinic.cashier.get(`/api/payments/${paid.body().id}/receipt.pdf?lang=ru`)
    const ticket = () =>
      inTenant(tenant, async () => {
        const entry = await QueueEntry.query().orderBy('id').firstOrFail()
        return renderTicketPdf(ticketView(await loadTicketData(entry.id), 'ru'))
      })
    const hasImage = (pdf: Buffer) => pdf.includes('/Subtype /Image')

    let started = Date.now()
    const withLogo = await receipt()
    withLogo.assertStatus(200)
    assert.isTrue(hasImage(withLogo.body()), 'the receipt shows the kept logo')
    assert.isTrue(hasImage(await ticket()), 'the ticket shows the kept logo')
    assert.isBelow(Date.now() - started, 20_000)

    /* A clinic whose bomb was stored before uploads were checked: the PDFs leave it out. */
    await inTenant(tenant, async () => {
      const { files, cache } = currentTenantOrFail()
      await files.put('branding/logo-old.png', pngBomb())
      await Setting.updateOrCreate(
        { branchId: 0, key: 'clinic.logo' },
        { value: { path: 'branding/logo-old.png', mime: 'image/png', version: 'old' } }
      )
      await cache.clear()
    })
    assert.isNull(await inTenant(tenant, () => clinicLogo.dataUrl()))
    started = Date.now()
    const without = await receipt()
    without.assertStatus(200)
    assert.isFalse(hasImage(without.body()))
    assert.isFalse(hasImage(await ticket()))
    assert.isBelow(Date.now() - started, 20_000, 'no Chromium stall')
  }).timeout(90_000)
})
