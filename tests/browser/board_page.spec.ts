import { mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import tenancyConfig from '#config/tenancy'
import callingService from '#services/queue/calling_service'
import { closeAllStreams } from '#services/board/live_streams'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { setupRegistry, staffApi } from '#tests/helpers/registry'
import { createBoard, deskRow } from '#tests/helpers/boards'
import { clinicUrl } from '#tests/helpers/browser'

/**
 * The hall's board /display/<key> in Chromium, Full HD. The test server runs
 * in this process, so the test can stop it (port closed, streams cut) and
 * start it again, as a restart or a network failure would.
 * With SCREENSHOTS=1 the states are saved to tmp/screenshots.
 */
const SHOTS = process.env.SCREENSHOTS ? 'tmp/screenshots' : null
const FULL_HD = { width: 1920, height: 1080 }

async function snap(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.evaluate('document.fonts.ready')
  /* The board at rest, as it shows with reduced motion: no call flashing, the ticker's text in place. */
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.screenshot({ path: `${SHOTS}/board-${name}.png`, animations: 'disabled' })
  await page.emulateMedia({ reducedMotion: null })
}

async function openBoard(visit: (url: string) => Promise<Page>, tenant: Tenant, key: string) {
  const page = await visit(clinicUrl(tenant.slug, `/display/${key}`))
  await page.setViewportSize(FULL_HD)
  await page.waitForSelector('[data-testid="board"] .board__top')
  return page
}

/** A staff member signed in on a desktop screen, on `path`. */
async function staffPage(
  visit: (url: string) => Promise<Page>,
  tenant: Tenant,
  login: string,
  path: string
) {
  const page = await visit(clinicUrl(tenant.slug, '/login'))
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.fill('#login', login)
  await page.fill('#password', TEST_PASSWORD)
  await page.press('#password', 'Enter')
  await page.waitForURL('**/dashboard')
  await page.goto(clinicUrl(tenant.slug, path))
  return page
}

async function stopServer() {
  const server = await app.container.make('server')
  const node = server.getNodeServer()!
  closeAllStreams()
  await new Promise<void>((resolve) => {
    node.close(() => resolve())
    node.closeAllConnections()
  })
}

async function startServer() {
  const server = await app.container.make('server')
  const node = server.getNodeServer()!
  await new Promise<void>((resolve) => node.listen(tenancyConfig.port, () => resolve()))
}

test.group('Board page', () => {
  test('a call from the desk shows on the board; after a server restart the board recovers the state it missed', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdui')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant, {
      privacy: 'initials',
      pinned_message: 'Сегодня вакцинация бесплатно',
      ticker: { ru: 'Соблюдайте тишину в зале ожидания', uz: '', en: '' },
    })
    const first = await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234567')
    const second = await deskRow(desk, doctors.cardiology.id, 'Ахмедов Рустам', '+998901234568')
    await deskRow(desk, doctors.therapy.id, 'Юсупов Тимур', '+998901234569')

    const page = await openBoard(visit, tenant, board.key)
    await page.waitForSelector('[data-testid="next-ticket"]')
    assert.include(await page.textContent('[data-testid="board-pinned"]'), 'вакцинация')
    await page.waitForFunction(`!document.querySelector('[data-testid="board-offline"]')`)

    ;(await desk.post(`/api/queue/call/${first.entry_id}`)).assertStatus(200)
    await page.waitForSelector('[data-testid="call-card"]', { timeout: 2000 })
    assert.equal((await page.textContent('[data-testid="call-ticket"]'))?.trim(), 'T-1')
    assert.equal((await page.textContent('[data-testid="call-room"]'))?.trim(), '101')
    assert.equal((await page.textContent('[data-testid="call-patient"]'))?.trim(), 'К. Д.')
    await snap(page, 'call-ru')

    await stopServer()
    try {
      await page.waitForSelector('[data-testid="board-offline"]', { timeout: 15000 })
      await snap(page, 'offline')
      /* Called while the board could not hear it: it must show it after the restart. */
      await inTenant(tenant, () => callingService.act(second.entry_id, 'call'))
    } finally {
      await startServer()
    }
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid="call-room"]')].some((n) => n.textContent.trim() === '204')`,
      undefined,
      { timeout: 30000 }
    )
    await page.waitForFunction(
      `!document.querySelector('[data-testid="board-offline"]')`,
      undefined,
      {
        timeout: 30000,
      }
    )
    assert.equal(second.number, 1, 'the cardiologist calls number 1 of his own queue')

    /* The stream works again after the restart. */
    const third = await deskRow(desk, doctors.dentistry.id, 'Турсунов Бобур', '+998901234570')
    ;(await desk.post(`/api/queue/call/${third.entry_id}`)).assertStatus(200)
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid="call-room"]')].some((n) => n.textContent.trim() === '310')`,
      undefined,
      { timeout: 5000 }
    )
  }).timeout(120000)

  test('a wrong key says the board is not registered; a rotated key stops the open board', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdui')
    await setupRegistry(tenant)
    const board = await createBoard(client, tenant, { voice_lang: 'uz' })

    const wrong = await openBoardUnregistered(visit, tenant, 'no-such-key')
    assert.include(
      await wrong.textContent('[data-testid="board-unregistered"]'),
      'Табло не зарегистрировано'
    )

    const page = await openBoard(visit, tenant, board.key)
    assert.include(await page.textContent('.board__calls'), 'Chaqirilmoqda')
    const admin = await staffApi(client, tenant, 'admin')
    ;(await admin.post(`/api/admin/boards/${board.id}/rotate-key`)).assertStatus(200)
    await page.waitForSelector('[data-testid="board-unregistered"]', { timeout: 10000 })
    assert.include(
      await page.textContent('[data-testid="board-unregistered"]'),
      "ro'yxatdan o'tmagan"
    )
  })

  test('a light board in Uzbek shows the call, the queue and the ticker in Uzbek', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdui')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant, {
      theme: 'light',
      voice_lang: 'uz',
      privacy: 'full',
      ticker: {
        uz: 'Navbatingizni kuting, rahmat! Shifokor chaqirganda tablodagi raqamingizga qarang.',
        ru: 'Пожалуйста, ожидайте вызова своего номера на табло и не занимайте очередь у кабинета.',
        en: 'Please wait for your number on the screen and do not queue at the door.',
      },
    })
    const rows = []
    for (const [i, name] of ['Karimova Dilnoza', 'Axmedov Rustam', 'Yusupov Timur'].entries()) {
      rows.push(await deskRow(desk, doctors.therapy.id, name, `+99890123458${i}`))
    }
    const page = await openBoard(visit, tenant, board.key)
    ;(await desk.post(`/api/queue/call/${rows[0].entry_id}`)).assertStatus(200)
    await page.waitForSelector('[data-testid="call-card"]')
    assert.equal(
      (await page.textContent('[data-testid="call-patient"]'))?.trim(),
      'Karimova Dilnoza'
    )
    assert.include(await page.textContent('.board__main'), 'Navbat')
    assert.include(await page.textContent('[data-testid="board-ticker"]'), 'Navbatingizni kuting')
    /* A long ticker never widens the page: the clock stays on screen. */
    assert.isAtMost(Number(await page.evaluate('document.documentElement.scrollWidth')), 1920)
    const clockBox = await page.locator('[data-testid="board-time"]').boundingBox()
    assert.isAtMost(clockBox!.x + clockBox!.width, 1920)
    await snap(page, 'call-uz-light')
  })

  test('a busy hall at Full HD: five specialists and their tickets, three calls, the sound button clear of the ticker', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdui')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant, {
      pinned_message: 'Сегодня вакцинация бесплатно',
      ticker: { ru: 'Пожалуйста, ожидайте вызова своего номера на табло', uz: '', en: '' },
    })
    let phone = 0
    const queues = [
      doctors.therapy,
      doctors.cardiology,
      doctors.ecg,
      doctors.dermatology,
      doctors.dentistry,
    ]
    const firsts = []
    for (const doctor of queues) {
      for (let i = 0; i < 4; i++) {
        const row = await deskRow(
          desk,
          doctor.id,
          `Пациент Номер${phone}`,
          `+9989012350${String(phone++).padStart(2, '0')}`
        )
        if (i === 0) firsts.push(row)
      }
    }
    const page = await openBoard(visit, tenant, board.key)
    await page.waitForSelector('[data-testid="next-ticket"]')
    for (const row of firsts.slice(0, 4)) {
      ;(await desk.post(`/api/queue/call/${row.entry_id}`)).assertStatus(200)
    }
    /* Measured at rest: every card's entry, flash or leave animation over, three cards left. */
    await page.waitForFunction(`(() => {
      const cards = [...document.querySelectorAll('[data-testid="call-card"]')]
      return cards.length === 3 && cards.every((card) => card.getAnimations().length === 0)
    })()`)

    /* Every call card and every specialist's row lies wholly above the ticker and inside the screen. */
    const layout = (await page.evaluate(`(() => {
      const box = (el) => el.getBoundingClientRect()
      const strip = box(document.querySelector('.board__strip'))
      const inside = (el) => { const b = box(el); return b.top >= 0 && b.left >= 0 && b.right <= innerWidth + 0.5 && b.bottom <= strip.top + 0.5 }
      const tickets = [...document.querySelectorAll('[data-testid="next-row"]')].map((row) => {
        const r = box(row)
        return [...row.querySelectorAll('[data-testid="next-ticket"]')].every((t) => { const b = box(t); return b.right <= r.right + 0.5 && b.bottom <= r.bottom + 0.5 })
      })
      const sound = document.querySelector('.board__sound')
      return {
        calls: [...document.querySelectorAll('[data-testid="call-card"]')].map(inside),
        rows: [...document.querySelectorAll('[data-testid="next-row"]')].map(inside),
        tickets,
        soundClear: !sound || box(sound).bottom <= strip.top,
      }
    })()`)) as { calls: boolean[]; rows: boolean[]; tickets: boolean[]; soundClear: boolean }
    assert.deepEqual(layout.calls, [true, true, true])
    assert.lengthOf(layout.rows, 5)
    assert.notInclude(layout.rows, false, 'every specialist row is on screen')
    assert.notInclude(layout.tickets, false, 'no ticket sticks out of its row')
    assert.isTrue(layout.soundClear, 'the sound button does not cover the ticker')
    await snap(page, 'busy-full-hd')
  })

  test('each privacy mode shows the name it allows, at Full HD and at 4K', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdui')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const rows = []
    for (const [i, name] of [
      'Каримова Дилноза Алишеровна',
      'Ахмедов Рустам',
      'Юсупов Тимур',
    ].entries()) {
      rows.push(await deskRow(desk, doctors.cardiology.id, name, `+99890123470${i}`))
    }
    await deskRow(desk, doctors.therapy.id, 'Рашидова Мадина', '+998901234710')
    const expected = { number: null, initials: 'К. Д. А.', full: 'Каримова Дилноза Алишеровна' }
    const boards = []
    for (const privacy of ['number', 'initials', 'full'] as const) {
      boards.push({ privacy, board: await createBoard(client, tenant, { privacy, name: privacy }) })
    }
    ;(await desk.post(`/api/queue/call/${rows[0].entry_id}`)).assertStatus(200)

    for (const { privacy, board } of boards) {
      for (const size of [FULL_HD, { width: 3840, height: 2160 }]) {
        const page = await visit(clinicUrl(tenant.slug, `/display/${board.key}`))
        await page.setViewportSize(size)
        await page.waitForSelector('[data-testid="call-card"]')
        const name = await page.locator('[data-testid="call-patient"]').allTextContents()
        assert.deepEqual(
          name,
          expected[privacy] ? [expected[privacy]] : [],
          `${privacy} ${size.width}`
        )
        await snap(page, `privacy-${privacy}-${size.width}`)
        await page.close()
      }
    }
  }).timeout(120000)

  test('the registry is live: a row saved by another registrar appears without a reload', async ({
    visit,
    client,
  }) => {
    const tenant = await createTestTenant('brdui')
    const { doctors } = await setupRegistry(tenant)
    const page = await staffPage(visit, tenant, 'registrar2', '/dashboard')
    /* The row is saved once the page is subscribed to its branch's registry channel. */
    const subscribed = page.waitForResponse(
      (response) =>
        new URL(response.url()).pathname === '/__transmit/subscribe' &&
        /\/branch\/\d+\/registry"/.test(response.request().postData() ?? '') &&
        response.ok()
    )
    await page.goto(clinicUrl(tenant.slug, '/registry'))
    await page.waitForSelector('[data-testid="registry-table"]')
    await subscribed

    const other = await staffApi(client, tenant, 'registrar')
    await deskRow(other, doctors.therapy.id, 'Соседний Регистратор', '+998901234599')
    /* The fallback poll is 15 s: seeing it within 5 s means the stream brought it. */
    await page.waitForSelector('[data-testid="registry-table"] >> text=Соседний Регистратор', {
      timeout: 5000,
    })

    /* The desk calls the ticket to the board from the row. */
    await page.click(
      '[data-testid="registry-table"] tr:has-text("Соседний Регистратор") [data-action="call"]'
    )
    await page.waitForSelector('.p-toast-message >> text=/вызван|called|chaqirildi/')
  })

  test('admin creates a board and gets its link; the doctor calls the next patient from the queue panel', async ({
    visit,
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdui')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234571')

    const page = await staffPage(visit, tenant, 'admin', '/admin/boards')
    await page.click('[data-testid="new-board"]')
    await page.fill('#board-name', 'Зал 1 этаж')
    await page.click('[data-testid="board-save"]')
    await page.waitForSelector('[data-testid="board-link-dialog"]')
    const url = await page.inputValue('[data-testid="board-link"]')
    assert.match(url, /\/display\/[\w-]{20,}$/)
    await snap(page, 'admin-link')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="boards-table"] >> text=Зал 1 этаж')
    await snap(page, 'admin-list')

    /* A banner: a text file named .png is refused with the reason; a real picture is added. */
    await page.click('[data-testid^="edit-board-"]')
    await page.setInputFiles('[data-testid="media-file"]', {
      name: 'banner.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a picture at all'),
    })
    await page.waitForSelector('[data-testid="media-error"]')
    const picture = await page.locator('#board-name').screenshot()
    await page.setInputFiles('[data-testid="media-file"]', {
      name: 'banner.png',
      mimeType: 'image/png',
      buffer: picture,
    })
    await page.waitForSelector('[data-testid="board-media-item"]')
    await page.keyboard.press('Escape')

    await page.goto(clinicUrl(tenant.slug, '/doctor/queue'))
    await page.click('[data-testid="dq-doctor"]')
    await page.click('.p-select-option >> text=Рахимов Азиз')
    await page.waitForSelector('[data-testid="dq-entry-1"]')
    await page.keyboard.press('F2')
    await page.waitForSelector('[data-testid="dq-recall-1"]')
    await snap(page, 'doctor-queue')
  })
})

async function openBoardUnregistered(
  visit: (url: string) => Promise<Page>,
  tenant: Tenant,
  key: string
) {
  const page = await visit(clinicUrl(tenant.slug, `/display/${key}`))
  await page.setViewportSize(FULL_HD)
  await page.waitForSelector('[data-testid="board-unregistered"]')
  return page
}
