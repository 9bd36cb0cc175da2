import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import Visit from '#models/visit'
import { clock } from '#services/clock'
import type Tenant from '#tenants/models/tenant'
import { pdfText } from '#tests/helpers/pdf_text'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { newVisit, payme, paymentClinic } from '#tests/helpers/payments'
import { clinicUrl } from '#tests/helpers/browser'

const SCREENSHOTS = 'tmp/screenshots'

async function logIn(page: Page, locale: string, login: string) {
  await page.click(`.lang-inline [data-locale="${locale}"]`)
  await page.waitForFunction(`document.documentElement.lang === '${locale}'`)
  await page.fill('#login', login)
  await page.fill('#password', TEST_PASSWORD)
  await page.press('#password', 'Enter')
  await page.waitForURL('**/dashboard')
}

/** An element's text without spaces (money is grouped with non-breaking spaces). */
async function squeezedText(page: Page, selector: string) {
  const text = (await page.locator(selector).first().textContent()) ?? ''
  return text.replace(/[\s\u00a0\u202f]+/g, '')
}

/** The PDF behind a link, fetched with the page's session. */
async function fetchPdf(page: Page, url: string) {
  const base64 = await page.evaluate(async (href) => {
    const response = await fetch(href, { credentials: 'same-origin' })
    const bytes = new Uint8Array(await response.arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return `${response.headers.get('content-type')}|${btoa(binary)}`
  }, url)
  const [type, data] = base64.split('|')
  return { type, pdf: Buffer.from(data, 'base64') }
}

/**
 * What the page itself did, recorded in the page before its scripts run: each
 * read of one payment (`GET /api/payments/<id>`) and each message of its event
 * streams, in the order they happened. A read made in a stream message's
 * handler is recorded after that message.
 */
async function recordLive(page: Page) {
  await page.addInitScript(() => {
    const scope = globalThis as any
    const log: Array<{ read: string } | { message: any }> = []
    scope.__live = log
    const fetch = scope.fetch.bind(scope)
    scope.fetch = (input: any, init?: any) => {
      const url = new URL(
        typeof input === 'string' ? input : String(input.url ?? input),
        scope.location.href
      )
      if (/^\/api\/payments\/\d+$/.test(url.pathname)) log.push({ read: url.pathname })
      return fetch(input, init)
    }
    const Source = scope.EventSource
    scope.EventSource = class extends Source {
      constructor(url: any, options?: any) {
        super(url, options)
        /* Added before the page's own listener: it runs first, in the same dispatch. */
        this.addEventListener('message', (event: any) =>
          log.push({ message: JSON.parse(event.data) })
        )
      }
    }
  })
}

type LiveLog = Array<{ read?: string; message?: { channel: string; payload: any } }>
const liveLog = (page: Page) => page.evaluate(() => (globalThis as any).__live) as Promise<LiveLog>

test.group('Cash desk page', (group) => {
  let tenant: Tenant
  let visitId: number
  group.setup(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
  })
  group.each.teardown(() => clock.reset())

  test('from the registry "Pay" button: cash with change, the receipt PDF, the row turns paid', async ({
    visit,
    client,
    assert,
  }) => {
    tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    visitId = clinic.visitId

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    const errors: string[] = []
    /* The dev server's hot-reload socket may drop when a tab opens; that is not the page's error. */
    page.on('pageerror', (error) => !/WebSocket/.test(error.message) && errors.push(error.message))
    await logIn(page, 'ru', 'admin')
    await page.goto(clinicUrl(tenant.slug, '/registry'))
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
    await page.locator('tr.is-row [data-action="pay"]').first().click()
    await page.waitForURL(`**/cashier?visit_id=${visitId}`)
    await page.waitForSelector('[data-test="pay-form"]')
    await page.assertTextContains('[data-test="visit-header"]', 'Юсупова Малика Рустамовна')
    assert.include(await squeezedText(page, '[data-test="due"]'), '550000')
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/cash_desk_ru.png`, fullPage: true })

    /** Keyboard: the amount has the focus; the cash received gives the change; Enter takes the money. */
    await page.click('#pay-received')
    await page.keyboard.type('600000', { delay: 20 })
    await page.waitForSelector('[data-test="change"]')
    assert.include(await squeezedText(page, '[data-test="change"]'), '50000')
    await page.press('#pay-received', 'Enter')
    await page.waitForSelector('.p-toast-message-success:has-text("Оплата №")')
    await page.waitForSelector('[data-test="open-receipt"]')
    await page.waitForSelector('.history__item:has-text("Оплачен")')
    assert.equal(await page.locator('[data-test="pay-form"]').count(), 0, 'nothing left to pay')
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/cash_desk_paid_ru.png`, fullPage: true })

    const href = await page.locator('[data-test="open-receipt"]').getAttribute('href')
    assert.match(href!, /^\/api\/payments\/\d+\/receipt\.pdf\?lang=ru&paper=80$/)
    const receipt = await fetchPdf(page, href!)
    assert.equal(receipt.type, 'application/pdf')
    const text = pdfText(receipt.pdf).text.replace(/\s+/g, '').toLowerCase()
    for (const expected of [
      'кассовыйчек',
      'юсуповамаликарустамовна',
      'консультациякардиолога',
      'эхокг',
      '550000сум',
      'наличные',
    ]) {
      assert.include(text, expected)
    }

    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(visitId)).paymentStatus, 'paid')
    })
    /** The registry (another tab of the same session) shows the row paid. */
    const registry = await page.context().newPage()
    await registry.goto(clinicUrl(tenant.slug, '/registry'))
    await registry.waitForSelector('[data-testid="registry-table"] tr.is-row .pay-dot--paid')
    assert.include(
      await registry.locator('tr.is-row .pay-dot--paid').first().textContent(),
      'Оплачен'
    )
    assert.deepEqual(errors, [])
  }).timeout(90_000)

  test('in Uzbek: a canceled visit takes no money; the search finds a patient (Ctrl+K)', async ({
    visit,
    client,
    assert,
  }) => {
    tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    await clinic.registrar.patch(`/api/visits/${clinic.visitId}/status`, { status: 'canceled' })

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, 'uz', 'cashier')
    await page.goto(clinicUrl(tenant.slug, `/cashier?visit_id=${clinic.visitId}`))
    await page.waitForSelector('[data-test="visit-header"]')
    await page.assertTextContains('[data-test="desk-main"]', 'Tashrif bekor qilingan')
    assert.equal(
      await page.locator('[data-test="pay-form"]').count(),
      0,
      'no payment form for a canceled visit'
    )
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/cash_desk_canceled_uz.png`, fullPage: true })

    await page.keyboard.press('Control+k')
    await page.waitForFunction(`document.activeElement?.id === 'desk-search'`)
    await page.keyboard.type('юсупова')
    await page.waitForSelector(`[data-visit="${clinic.visitId}"]`)
    await page.assertTextContains(`[data-visit="${clinic.visitId}"]`, 'Юсупова')
  }).timeout(60_000)

  test('online: the cashier shows a Payme QR, the patient pays on the phone, the desk turns paid by itself (uz, dark)', async ({
    visit,
    client,
    assert,
  }) => {
    tenant = await createTestTenant('desk')
    const clinic = await paymentClinic(client, tenant)
    const second = await newVisit(
      clinic.registrar,
      clinic.doctors.therapy.id,
      [clinic.services.therapy.id],
      '901112233'
    )

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await page.evaluate(`localStorage.setItem('theme', 'dark')`)
    await logIn(page, 'uz', 'cashier')
    /* The page listens to its branch's payments channel and asks about the payment only when told. */
    const subscribed: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/__transmit/subscribe')
        subscribed.push(request.postData() ?? '')
    })
    await recordLive(page)
    /* The page's timers run on a clock the test can move: the 3 s poll needs no real wait. */
    await page.clock.install()
    await page.goto(clinicUrl(tenant.slug, `/cashier?visit_id=${second.visitId}`))
    await page.waitForSelector('[data-test="pay-form"]')
    /*
     * The stream is up before the payment exists, so the page hears the new
     * payment's message. (A page subscribed later misses it and re-reads the
     * pending payment once after subscribing, by design: SSE replays nothing.)
     */
    await page.waitForSelector('[data-test="live-state"][data-online="true"]')
    assert.isTrue(
      subscribed.some((body) => body.includes(`/branch/`) && body.includes('/payments'))
    )
    await page.locator('[data-test="method"] button', { hasText: 'Onlayn' }).click()
    await page.locator('[data-test="provider"] button', { hasText: 'Payme' }).click()
    await page.click('[data-test="take"]')
    await page.waitForSelector('[data-test="online-panel"] svg')
    await page.assertTextContains('[data-test="online-panel"]', 'yaratildi')
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/cash_desk_qr_uz_dark.png`, fullPage: true })

    const paymentId = Number(
      (await page.locator('[data-test="online-panel"]').textContent())!.match(/№(\d+)/)![1]
    )
    const ofPayment = (entry: LiveLog[number]) => entry.message?.payload?.payment_id === paymentId
    /* Counted from when the new payment's message was handled (read if it came after the QR). */
    await page.waitForSelector('[data-test="live-state"][data-online="true"]')
    await page.waitForFunction(
      (id) =>
        (globalThis as any).__live.some((entry: any) => entry.message?.payload?.payment_id === id),
      paymentId
    )
    const settled = (await liveLog(page)).length
    /* Three poll periods pass on the page's clock: the stream is up, so nothing asks. */
    await page.clock.runFor(10_000)
    assert.deepEqual(
      (await liveLog(page)).slice(settled).filter((entry) => entry.read),
      [],
      'no polling while the stream is up'
    )

    const amount = 150_000_00
    const now = Date.now()
    await payme(client, tenant, 'CreateTransaction', {
      id: 'ui-tx',
      time: now,
      amount,
      account: { payment_id: String(paymentId) },
    })
    await payme(client, tenant, 'PerformTransaction', { id: 'ui-tx' })
    await page.waitForSelector('[data-test="online-panel"]:has-text("toʻlandi")', {
      timeout: 15_000,
    })
    await page.waitForSelector('.history__item:has-text("Toʻlandi")')
    const after = (await liveLog(page)).slice(settled)
    const reads = after.filter((entry) => entry.read === `/api/payments/${paymentId}`).length
    assert.isAtLeast(reads, 1, 'the page learned "paid" by reading the payment')
    assert.isAtMost(
      reads,
      after.filter(ofPayment).length,
      'the payment is read when its events arrive (pending, paid), never more'
    )
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${SCREENSHOTS}/cash_desk_paid_uz_dark.png`, fullPage: true })
    await inTenant(tenant, async () => {
      assert.equal((await Visit.findOrFail(second.visitId)).paymentStatus, 'paid')
    })
  }).timeout(90_000)
})
