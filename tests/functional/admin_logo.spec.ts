import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import sharp from 'sharp'
import AuditLog from '#models/audit_log'
import clinicLogo from '#services/settings/clinic_logo'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { adminApi } from '#tests/helpers/admin_api'
import { paymentClinic } from '#tests/helpers/payments'
import { boardState, createBoard } from '#tests/helpers/boards'
import QueueEntry from '#models/queue_entry'
import { loadTicketData } from '#services/printing/ticket_data'
import { ticketView } from '#services/printing/ticket_view'
import { renderTicketPdf } from '#services/printing/ticket_pdf'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)
/** Uploads are decoded and re-encoded (security F5): a real picture, not just a JPEG signature. */
const JPEG = await sharp({
  create: { width: 40, height: 20, channels: 3, background: '#1e6fd9' },
})
  .jpeg()
  .toBuffer()

/** What the server stores: the picture re-encoded, so its format and size, not the bytes sent. */
async function pictureOf(bytes: Buffer) {
  const { format, width, height } = await sharp(bytes).metadata()
  return { format, width, height }
}
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'
)

type Admin = Awaited<ReturnType<typeof adminApi>>

function upload(client: ApiClient, admin: Admin, bytes: Buffer, filename: string, locale = 'en') {
  return client
    .post('/api/admin/settings/logo')
    .header('host', admin.host)
    .header('accept-language', locale)
    .bearerToken(admin.token)
    .file('logo', bytes, { filename })
}

/** The public logo as a board or the /q page fetches it: no login. */
function publicLogo(client: ApiClient, host: string, url = '/clinic/logo') {
  return client.get(url).header('host', host)
}

test.group('Admin settings: the clinic logo', () => {
  test('an uploaded logo is served without login on the clinic host, replaced and audited', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('logo')
    const admin = await adminApi(client, tenant)
    assert.equal((await publicLogo(client, admin.host)).status(), 404, 'no logo yet')

    const first = await upload(client, admin, PNG, 'logo.png')
    first.assertStatus(200)
    const firstUrl = first.body().logo_url as string
    assert.match(firstUrl, /^\/clinic\/logo\?v=[0-9a-f]+$/)

    const served = await publicLogo(client, admin.host, firstUrl)
    served.assertStatus(200)
    assert.equal(served.header('content-type'), 'image/png')
    assert.equal(served.header('x-content-type-options'), 'nosniff')
    assert.include(served.header('cache-control'), 'immutable')
    assert.deepEqual(await pictureOf(Buffer.from(served.body())), {
      format: 'png',
      width: 1,
      height: 1,
    })

    const second = await upload(client, admin, JPEG, 'logo.jpg')
    second.assertStatus(200)
    assert.notEqual(second.body().logo_url, firstUrl, 'a new picture gets a new address')
    const now = await publicLogo(client, admin.host, firstUrl)
    assert.equal(now.header('content-type'), 'image/jpeg')
    assert.equal(now.header('cache-control'), 'no-cache', 'an old address is not cached for long')

    const dataUrl = await inTenant(tenant, () => clinicLogo.dataUrl())
    const stored = Buffer.from((await publicLogo(client, admin.host)).body())
    assert.equal(dataUrl, `data:image/jpeg;base64,${stored.toString('base64')}`)
    assert.deepEqual(await pictureOf(stored), { format: 'jpeg', width: 40, height: 20 })
    const rows = await inTenant(tenant, () =>
      AuditLog.query().where('event', 'clinic.logo_updated').orderBy('id')
    )
    assert.lengthOf(rows, 2)
    assert.isNotNull(rows[1].before, 'the replacement names the previous file')
  })

  test('the bytes decide: a text named .png and an SVG are refused in ru, uz and en', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('logo')
    const admin = await adminApi(client, tenant)
    const expected = {
      ru: 'Загрузите картинку PNG, JPEG или WebP (SVG не принимается).',
      uz: 'PNG, JPEG yoki WebP rasm yuklang (SVG qabul qilinmaydi).',
      en: 'Upload a PNG, JPEG or WebP image (SVG is not accepted).',
    }
    for (const [locale, message] of Object.entries(expected)) {
      const fake = await upload(client, admin, Buffer.from('just some text'), 'logo.png', locale)
      fake.assertStatus(422)
      assert.deepEqual(fake.body().errors, [{ field: 'logo', rule: 'imageType', message }])
    }
    const svg = await upload(client, admin, SVG, 'logo.svg')
    svg.assertStatus(422)
    assert.equal(svg.body().errors[0].rule, 'imageType')

    const missing = await client
      .post('/api/admin/settings/logo')
      .header('host', admin.host)
      .header('accept-language', 'ru')
      .bearerToken(admin.token)
    missing.assertStatus(422)
    assert.equal(missing.body().errors[0].message, 'Поле «Логотип» обязательно для заполнения.')
    assert.equal((await publicLogo(client, admin.host)).status(), 404, 'nothing was stored')
  })

  test('a logo over 1 MB is refused', async ({ client, assert }) => {
    const tenant = await createTestTenant('logo')
    const admin = await adminApi(client, tenant)
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024, 7)])
    const refused = await upload(client, admin, big, 'big.png', 'uz')
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].rule, 'fileSize')
    assert.include(refused.body().errors[0].message, '1 MB')
    assert.equal((await publicLogo(client, admin.host)).status(), 404)
  })

  test("another clinic's host never serves this clinic's logo", async ({ client, assert }) => {
    const clinicA = await createTestTenant('logoa')
    const clinicB = await createTestTenant('logob')
    const adminA = await adminApi(client, clinicA)
    const adminB = await adminApi(client, clinicB)
    const url = (await upload(client, adminA, PNG, 'a.png')).body().logo_url
    const logoOfA = Buffer.from((await publicLogo(client, adminA.host, url)).body())

    const fromB = await publicLogo(client, adminB.host, url)
    fromB.assertStatus(404)

    await upload(client, adminB, JPEG, 'b.jpg')
    const ownOfB = await publicLogo(client, adminB.host, url)
    assert.equal(ownOfB.header('content-type'), 'image/jpeg', 'B serves its own logo only')
    const stillA = await publicLogo(client, adminA.host, url)
    assert.deepEqual(Buffer.from(stillA.body()), logoOfA)
  })

  test('removing the logo brings back the default mark; only settings managers may change it', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('logo')
    const admin = await adminApi(client, tenant)
    await upload(client, admin, PNG, 'logo.png')

    const removed = await admin.delete('/api/admin/settings/logo')
    removed.assertStatus(200)
    assert.deepEqual(removed.body(), { logo_url: null })
    assert.equal((await publicLogo(client, admin.host)).status(), 404)
    assert.isNull(await inTenant(tenant, () => clinicLogo.url()))
    const audited = await inTenant(tenant, () =>
      AuditLog.query().where('event', 'clinic.logo_removed').first()
    )
    assert.isNotNull(audited)
    ;(await admin.delete('/api/admin/settings/logo')).assertStatus(200)

    const anonymous = await client.post('/api/admin/settings/logo').header('host', admin.host)
    anonymous.assertStatus(401)
  })

  test('the ticket and receipt PDFs carry the logo in their header', async ({ client, assert }) => {
    const tenant = await createTestTenant('logo')
    const clinic = await paymentClinic(client, tenant)
    const paid = await clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })
    paid.assertStatus(201)
    const receipt = () => clinic.cashier.get(`/api/payments/${paid.body().id}/receipt.pdf?lang=ru`)
    const ticket = () =>
      inTenant(tenant, async () => {
        const entry = await QueueEntry.query().orderBy('id').firstOrFail()
        return renderTicketPdf(ticketView(await loadTicketData(entry.id), 'ru'))
      })
    const hasImage = (pdf: Buffer) => pdf.includes('/Subtype /Image')

    assert.isFalse(hasImage((await receipt()).body()), 'no logo: no picture')
    assert.isFalse(hasImage(await ticket()))

    const admin = await adminApi(client, tenant)
    ;(await upload(client, admin, PNG, 'logo.png')).assertStatus(200)
    const withLogo = await receipt()
    withLogo.assertStatus(200)
    assert.isTrue(hasImage(withLogo.body()), 'the receipt shows the logo')
    assert.isTrue(hasImage(await ticket()), 'the ticket shows the logo')
  })

  test('the login page, every panel page and the board name the logo; without one they show the product mark', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('logo')
    const admin = await adminApi(client, tenant)
    const board = await createBoard(client, tenant)
    const loginPage = () =>
      client
        .get('/login')
        .header('host', admin.host)
        .header('x-inertia', 'true')
        .header('x-inertia-version', '1')
    assert.isNull((await loginPage()).body().props.clinic.logo_url)
    assert.isNull((await boardState(client, tenant, board.key)).body().clinic.logo)

    const url = (await upload(client, admin, PNG, 'logo.png')).body().logo_url
    assert.equal((await loginPage()).body().props.clinic.logo_url, url)
    assert.equal((await boardState(client, tenant, board.key)).body().clinic.logo, url)
  })
})
