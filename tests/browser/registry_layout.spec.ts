import { mkdirSync } from 'node:fs'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import Service from '#models/service'
import visitRegistration from '#services/registry/visit_service'
import tenancyConfig from '#config/tenancy'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { setupRegistry } from '#tests/helpers/registry'
import { clinicUrl, logInAs } from '#tests/helpers/browser'

/** With SCREENSHOTS=1 the layouts are saved to tmp/screenshots. */
const SHOTS = process.env.SCREENSHOTS ? 'tmp/screenshots' : null

async function shoot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/registry-layout-${name}.png`, animations: 'disabled' })
}

/** The registry in `locale` and `theme` (the language cookie and the stored theme), sidebar open. */
async function openRegistry(page: Page, tenant: Tenant, locale: string, theme: 'light' | 'dark') {
  await page.context().addCookies([
    {
      name: 'locale',
      value: locale,
      domain: `${tenant.slug}.${tenancyConfig.appDomain}`,
      path: '/',
    },
  ])
  await page.addInitScript((value) => localStorage.setItem('theme', value), theme)
  await page.goto(clinicUrl(tenant.slug, '/registry'))
  await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
  await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')
}

/** A header's or a cell's width, what the pinned columns leave of it in view, and whether its text is cut. */
interface Box {
  text: string
  width: number
  visible: number
  /** The elements whose content is wider than they are, empty when none. */
  clipped: string
  title: string | null
}

/**
 * The header of each column (its class: `col-services`…) and its cell in the row holding `rowText`,
 * with the table scrolled to `scroll` ('start' or 'end').
 */
async function measure(page: Page, rowText: string, scroll: 'start' | 'end') {
  return page.evaluate(
    ({ text, where }) => {
      const doc = (globalThis as any).document
      const table = doc.querySelector('[data-testid="registry-table"]')
      const scroller = table.querySelector('.p-virtualscroller')
      scroller.scrollLeft = where === 'start' ? 0 : scroller.scrollWidth
      const frame = scroller.getBoundingClientRect()
      /* Text cut off: an element of the box whose content is wider than the element. */
      const clipped = (element: any) =>
        [element, ...element.querySelectorAll('*')]
          .filter((node: any) => node.clientWidth > 0 && node.scrollWidth > node.clientWidth + 0.5)
          .map(
            (node: any) =>
              `${node.tagName}.${node.className} ${node.scrollWidth}>${node.clientWidth}`
          )
          .join('; ')
      const box = (element: any, siblings: any[]): Box => {
        const own = element.getBoundingClientRect()
        let left = Math.max(own.left, frame.left)
        let right = Math.min(own.right, frame.right)
        const sticky = element.style && (globalThis as any).getComputedStyle(element).position
        if (sticky !== 'sticky') {
          for (const other of siblings) {
            if (other === element) continue
            if ((globalThis as any).getComputedStyle(other).position !== 'sticky') continue
            const rect = other.getBoundingClientRect()
            if (rect.left <= left && rect.right > left) left = rect.right
            if (rect.right >= right && rect.left < right) right = rect.left
          }
        }
        const inner = element.querySelector('.cell, .p-datatable-column-header-content') ?? element
        return {
          text: inner.textContent.trim(),
          width: own.width,
          visible: Math.max(0, right - left),
          clipped: clipped(inner),
          title: inner.getAttribute('title'),
        }
      }
      const headers = [...table.querySelectorAll('thead th')] as any[]
      const row = [...table.querySelectorAll('tbody tr.is-row')].find((tr: any) =>
        tr.textContent.includes(text)
      ) as any
      const cells = [...row.querySelectorAll('td')] as any[]
      const columns: Record<string, { header: Box; cell: Box }> = {}
      headers.forEach((th, index) => {
        const name = [...th.classList].find((value: string) => value.startsWith('col-'))
        columns[name ?? `#${index}`] = { header: box(th, headers), cell: box(cells[index], cells) }
      })
      return columns
    },
    { text: rowText, where: scroll }
  )
}

/** The Russian keyboard's letters and the keys they are on (a key's `code` names its US letter). */
const RU_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбю'
const US_CODES = [
  'KeyQ',
  'KeyW',
  'KeyE',
  'KeyR',
  'KeyT',
  'KeyY',
  'KeyU',
  'KeyI',
  'KeyO',
  'KeyP',
  'BracketLeft',
  'BracketRight',
  'KeyA',
  'KeyS',
  'KeyD',
  'KeyF',
  'KeyG',
  'KeyH',
  'KeyJ',
  'KeyK',
  'KeyL',
  'Semicolon',
  'Quote',
  'KeyZ',
  'KeyX',
  'KeyC',
  'KeyV',
  'KeyB',
  'KeyN',
  'KeyM',
  'Comma',
  'Period',
]

/**
 * One key as a person presses it. Playwright's `type` sends letters outside the US layout as
 * text without key events, so Cyrillic letters go through the DevTools protocol as a Russian
 * layout sends them (key and text `к`, code `KeyR`).
 */
async function pressKey(page: Page, key: string) {
  const index = RU_KEYS.indexOf(key.toLowerCase())
  if (index < 0) return page.keyboard.press(key === ' ' ? 'Space' : key)
  const cdp = await page.context().newCDPSession(page)
  const event = { key, code: US_CODES[index], text: key, unmodifiedText: key }
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event })
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code: event.code })
  await cdp.detach()
}

/** In empty row `row`: focus the specialist picker, type `typed` key by key; the highlighted doctor. */
async function typeInPicker(page: Page, row: number, typed: string) {
  await page.waitForSelector('.p-select-overlay', { state: 'detached' })
  const picker = page
    .locator('tr.is-draft')
    .nth(row)
    .locator('[data-field="doctor_id"] [role="combobox"]')
  await picker.focus()
  for (const key of typed) await pressKey(page, key)
  await page.waitForSelector(`[data-testid="doctor-query"]:has-text("${typed}")`)
  return page.locator('.p-select-overlay [data-p-focused="true"]')
}

/** The picked doctor of empty row `row` as the cell shows it. */
async function pickedDoctor(page: Page, row: number) {
  await page.waitForSelector('.p-select-overlay', { state: 'detached' })
  return (await page
    .locator('tr.is-draft')
    .nth(row)
    .locator('[data-field="doctor_id"] .doctor-value')
    .textContent())!.trim()
}

test.group('Registry layout', (group) => {
  let tenant: Tenant

  group.setup(async () => {
    tenant = await createTestTenant('reglay')
    await setupRegistry(tenant)
    await inTenant(tenant, async () => {
      const cardio = await Doctor.findByOrFail('specialty', 'cardiology')
      const derma = await Doctor.findByOrFail('specialty', 'dermatology')
      const consult = await Service.findByOrFail('code', 'CARD-01')
      const echo = await Service.findByOrFail('code', 'ECHO-01')
      const ecg = await Service.findByOrFail('code', 'ECG-01')
      const peel = await Service.findByOrFail('code', 'COSM-02')
      const cryo = await Service.findByOrFail('code', 'DERM-02')
      await visitRegistration.register({
        patient: { fio: 'Каримова Дилноза', birth_year: 1985, phone: '+998901234567' },
        doctor_id: cardio.id,
        services: [{ id: consult.id }],
        payment_type: 'cash',
      })
      await visitRegistration.register({
        patient: {
          fio: 'Абдурахмонова-Исмоилова Гулчехра Абдурашидовна',
          birth_year: 1962,
          phone: '+998935551122',
        },
        doctor_id: cardio.id,
        services: [{ id: consult.id }, { id: echo.id }, { id: ecg.id, qty: 2 }],
        payment_type: 'online',
      })
      await visitRegistration.register({
        patient: { fio: 'Юсупов Тимур', birth_year: 1990 },
        doctor_id: derma.id,
        services: [{ id: peel.id }, { id: cryo.id }],
        payment_type: 'card',
      })
    })
  })

  for (const [width, height] of process.env.ONLY_TYPE
    ? []
    : [
        [1366, 768],
        [1440, 900],
      ]) {
    test(`issue 22: at ${width}×${height} with the sidebar open the services, payment and cost are readable`, async ({
      visit,
      assert,
    }) => {
      const page = await visit(clinicUrl(tenant.slug, '/login'))
      await page.setViewportSize({ width, height })
      await logInAs(page, 'ru', 'registrar')
      for (const [locale, theme] of [
        ['ru', 'light'],
        ['ru', 'dark'],
        ['uz', 'light'],
        ['uz', 'dark'],
      ] as const) {
        await openRegistry(page, tenant, locale, theme)
        assert.isTrue(await page.locator('.shell__sidebar').isVisible(), 'the sidebar is open')
        const where = `${width} px, ${locale}`

        /* As the page opens: the money columns are in view, not under the pinned ones. */
        for (const rowText of ['Каримова Дилноза', 'Абдурахмонова']) {
          const start = await measure(page, rowText, 'start')
          for (const column of ['col-services', 'col-payment', 'col-total']) {
            const { header, cell } = start[column]
            assert.isAtLeast(header.visible, 80, `${where}: ${column} header in view`)
            assert.equal(header.clipped, '', `${where}: ${column} header "${header.text}" not cut`)
            assert.isAtLeast(cell.visible, 80, `${where}: ${column} cell in view`)
            assert.isAtLeast(
              cell.visible,
              cell.width - 1,
              `${where}: ${column} cell wholly in view`
            )
          }
          const cost = start['col-total'].cell
          assert.match(cost.text, locale === 'ru' ? /^\d[\d\s]*\sсум$/ : /^\d[\d\s]*\sso'm$/)
          assert.equal(cost.clipped, '', `${where}: the cost "${cost.text}" is not cut`)
          const payment = start['col-payment'].cell
          assert.equal(payment.clipped, '', `${where}: the payment "${payment.text}" is not cut`)
          /* Long service lists end in an ellipsis and read whole on hover. */
          const services = start['col-services'].cell
          if (services.clipped !== '')
            assert.include(services.title ?? '', 'Консультация кардиолога')
        }
        if (locale === 'ru') {
          const cost = await measure(page, 'Абдурахмонова', 'start')
          assert.equal(cost['col-total'].cell.text.replace(/\s/g, ' '), '710 000 сум')
        }

        /* Every header reads whole, at the start or with the table scrolled to its end. */
        const start = await measure(page, 'Каримова Дилноза', 'start')
        const end = await measure(page, 'Каримова Дилноза', 'end')
        for (const [column, { header }] of Object.entries(start)) {
          const seen = Math.max(header.visible, end[column].header.visible)
          assert.isAtLeast(
            seen,
            header.width - 1,
            `${where}: ${column} header "${header.text}" in view`
          )
          assert.equal(header.clipped, '', `${where}: ${column} header "${header.text}" not cut`)
        }
        await measure(page, 'Каримова Дилноза', 'start')
        await shoot(page, `${width}-${locale}-${theme}`)
      }
    })
  }

  test('issue 22: typing the first letters of a surname, a specialty or a cabinet picks the doctor, at any number of doctors', async ({
    visit,
    assert,
  }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logInAs(page, 'ru', 'registrar')
    await openRegistry(page, tenant, 'ru', 'light')

    /* Five doctors: a plain list, no search box. */
    const focused = await typeInPicker(page, 0, 'кард')
    assert.include(await focused.textContent(), 'Исмоилова Нигора')
    assert.equal(await page.locator('.p-select-overlay [role="option"]').count(), 1)
    await shoot(page, 'typeahead-ru-light')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 0), 'Исмоилова Н.')

    assert.include(await (await typeInPicker(page, 1, '204')).textContent(), 'Исмоилова Нигора')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 1), 'Исмоилова Н.')

    assert.include(await (await typeInPicker(page, 2, 'ким')).textContent(), 'Ким Елена')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 2), 'Ким Е.')

    /* Backspace takes a letter back: "терх" finds nobody, "тер" the therapist. */
    await typeInPicker(page, 3, 'терх')
    await page.waitForSelector('.p-select-overlay:has-text("Нет врача по «терх»")')
    await page.keyboard.press('Backspace')
    await page.waitForSelector('[data-testid="doctor-query"] .doctor-query__text:text-is("тер")')
    assert.include(await focused.textContent(), 'Рахимов Азиз')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 3), 'Рахимов А.')

    /* Uzbek specialty names. */
    await openRegistry(page, tenant, 'uz', 'dark')
    assert.include(await (await typeInPicker(page, 0, 'kard')).textContent(), 'Исмоилова Нигора')
    await shoot(page, 'typeahead-uz-dark')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 0), 'Исмоилова Н.')
    assert.include(await (await typeInPicker(page, 1, 'stom')).textContent(), 'Турсунов Бобур')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 1), 'Турсунов Б.')

    /* Fourteen doctors: the same keys pick the same doctors. */
    await inTenant(tenant, async () => {
      const branch = await Branch.findByOrFail('is_default', true)
      for (let index = 0; index < 9; index++) {
        await Doctor.create({
          fullName: `Терапевт${index} Дежурный`,
          specialty: 'therapy',
          cabinet: String(400 + index),
          branchId: branch.id,
          priceDefault: 100_000_00,
          active: true,
        })
      }
    })
    await openRegistry(page, tenant, 'ru', 'light')
    assert.include(await (await typeInPicker(page, 0, 'кард')).textContent(), 'Исмоилова Нигора')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 0), 'Исмоилова Н.')
    assert.include(await (await typeInPicker(page, 1, '405')).textContent(), 'Терапевт5 Дежурный')
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 1), 'Терапевт5 Д.')
    /* Two words narrow it: surname and specialty. */
    assert.include(await (await typeInPicker(page, 2, 'рах тер')).textContent(), 'Рахимов Азиз')
    assert.equal(await page.locator('.p-select-overlay [role="option"]').count(), 1)
    await page.keyboard.press('Enter')
    assert.include(await pickedDoctor(page, 2), 'Рахимов А.')
  })
})
