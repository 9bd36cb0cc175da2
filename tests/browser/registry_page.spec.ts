import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { test } from '@japa/runner'
import type { Page } from 'playwright'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import Role from '#models/role'
import Schedule from '#models/schedule'
import User from '#models/user'
import Visit from '#models/visit'
import Workstation from '#models/workstation'
import { branchToday } from '#services/local_time'
import settingsService from '#services/settings/settings_service'
import visitRegistration from '#services/registry/visit_service'
import bookingClosures from '#services/registry/schedule_closures'
import visitTransitions, { RESCHEDULABLE, TRANSITIONS } from '#services/registry/visit_transitions'
import tenancyConfig from '#config/tenancy'
import type Tenant from '#tenants/models/tenant'
import { createTestTenant, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { setupRegistry } from '#tests/helpers/registry'
import { clinicUrl } from '#tests/helpers/browser'

/** The address a browser uses for a clinic (Chromium resolves *.localhost to loopback). */
async function logIn(page: Page, tenant: Tenant, locale: string, login = 'registrar') {
  await page.click(`.lang-inline [data-locale="${locale}"]`)
  await page.waitForFunction(`document.documentElement.lang === '${locale}'`)
  await page.fill('#login', login)
  await page.fill('#password', TEST_PASSWORD)
  await page.press('#password', 'Enter')
  await page.waitForURL('**/dashboard')
  await page.goto(clinicUrl(tenant.slug, '/registry'))
  await page.waitForSelector('[data-testid="registry-table"]')
  await page.waitForFunction(
    `!!document.querySelector('[data-testid="registry-count"]')?.textContent?.match(/\\d/)`
  )
}

/** The numbers of the table's rows, top to bottom. */
async function rowNumbers(page: Page) {
  const texts = await page
    .locator('[data-testid="registry-table"] tr.is-row .row-handle')
    .allTextContents()
  return texts.map((text) => text.trim())
}

/**
 * The keyboard alone: name, Tab, year, Tab, phone, Tab, then the specialist list
 * (↓ opens it, ↓ moves to the doctor, Enter picks) and Enter saves and prints.
 */
async function typePatient(
  page: Page,
  patient: { fio: string; year: string; phone: string; doctor: string }
) {
  await page.keyboard.type(patient.fio, { delay: 5 })
  await page.keyboard.press('Tab')
  await page.keyboard.type(patient.year)
  await page.keyboard.press('Tab')
  await page.keyboard.type(patient.phone, { delay: 5 })
  await page.keyboard.press('Tab')
  await pickDoctor(page, patient.doctor)
  await page.keyboard.press('Enter')
}

/** In the focused specialist cell: ↓ opens the list, ↓ moves to the doctor, Enter picks. */
async function pickDoctor(page: Page, doctor: string) {
  /* A list closed just before is still fading out: its options would take the keys. */
  await page.waitForSelector('.p-select-overlay', { state: 'detached' })
  await page.keyboard.press('ArrowDown')
  const focused = page.locator('.p-select-overlay [data-p-focused="true"]')
  await focused.waitFor()
  for (let step = 0; step < 10 && !(await focused.textContent())?.includes(doctor); step++) {
    await page.keyboard.press('ArrowDown')
  }
  await page.keyboard.press('Enter')
  await page.waitForSelector('.p-select-overlay', { state: 'detached' })
}

/** The Inertia page props the panel started with. */
async function pageProps(page: Page): Promise<Record<string, any>> {
  const json = await page.evaluate<string>(`(() => {
    const holder = document.querySelector('[data-page]')
    return holder?.tagName === 'SCRIPT' ? holder.textContent : holder?.getAttribute('data-page')
  })()`)
  return JSON.parse(json ?? '{}').props
}

/** With SCREENSHOTS=1 the panel's states are saved to tmp/screenshots. */
const SHOTS = process.env.SCREENSHOTS ? 'tmp/screenshots' : null

async function shoot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  /* Transitions (a list fading out, a dialog sliding in) are shot as finished. */
  await page.screenshot({ path: `${SHOTS}/registry-${name}.png`, animations: 'disabled' })
}

/** The panel again in `locale` and `theme` (the language cookie and the stored theme). */
async function reopenAs(page: Page, tenant: Tenant, locale: string, theme: 'light' | 'dark') {
  await page.context().addCookies([
    {
      name: 'locale',
      value: locale,
      domain: `${tenant.slug}.${tenancyConfig.appDomain}`,
      path: '/',
    },
  ])
  /* Set before the page's scripts run (an init script survives a dev-server reload, an evaluate would not). */
  await page.addInitScript((value) => localStorage.setItem('theme', value), theme)
  await page.goto(clinicUrl(tenant.slug, '/registry'))
  await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
}

test.group('Registry page', (group) => {
  let tenant: Tenant

  group.setup(async () => {
    tenant = await createTestTenant('regui')
    await setupRegistry(tenant)
  })

  test('REG-T15/T16/T17: a registrar adds three patients from the keyboard, prints the PDF fallback and is asked before opening reception', async ({
    visit,
    assert,
  }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await logIn(page, tenant, 'ru')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')

    await page.assertTextContains('h1', 'Регистратура')
    assert.isAtLeast(await page.locator('tr.is-draft').count(), 5)

    /** Alt+N puts the cursor in the first empty row; after each Enter it moves to the next one. */
    await page.keyboard.press('Alt+N')
    await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)

    const patients = [
      { fio: 'Каримова Дилноза Алишеровна', year: '1985', phone: '901234567', doctor: 'Рахимов' },
      { fio: 'Юсупов Тимур', year: '1972', phone: '935551122', doctor: 'Рахимов' },
      { fio: 'Алиева Мадина', year: '2001', phone: '', doctor: 'Рахимов' },
    ]
    for (const [index, patient] of patients.entries()) {
      await typePatient(page, patient)
      await page.waitForSelector(
        `.p-toast-message-success:has-text("№T-${index + 1} — ${patient.fio}")`
      )
      await page.waitForFunction(
        `document.querySelectorAll('[data-testid="registry-table"] tr.is-row').length === ${index + 1}`
      )
      await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)
    }

    assert.deepEqual(await rowNumbers(page), ['T-1', 'T-2', 'T-3'])
    await page.assertTextContains('[data-testid="registry-table"]', 'Каримова Дилноза Алишеровна')
    await page.assertTextContains('[data-testid="registry-table"]', '+998 90 123 45 67')
    await page.assertTextContains('[data-testid="registry-table"]', 'Рахимов А.')
    await page.assertTextContains('[data-testid="registry-table"]', 'В очереди')
    assert.isAtLeast(await page.locator('tr.is-draft').count(), 5)
    await page.assertTextContains('[data-testid="registry-count"]', '3 записи')

    /** No printer at this workstation: the toast offers the PDF ticket, and its link is a PDF. */
    await page.waitForFunction(
      `document.querySelectorAll('[data-testid="print-fallback"]').length === 1`
    )
    const fallback = page.locator('[data-testid="print-fallback"]')
    assert.include(await fallback.textContent(), 'Принтер недоступен')
    assert.include(await fallback.textContent(), 'Талон №T-3')
    const openPrint = page.locator('[data-testid="open-print"]')
    assert.include(await openPrint.textContent(), 'Открыть печать')
    const href = await openPrint.getAttribute('href')
    assert.isString(href)
    const head = await page.evaluate(async (url) => {
      const response = await fetch(url!, { credentials: 'same-origin' })
      const bytes = new Uint8Array(await response.arrayBuffer())
      return {
        type: response.headers.get('content-type'),
        start: String.fromCharCode(...bytes.slice(0, 4)),
      }
    }, href)
    assert.equal(head.start, '%PDF')
    assert.include(head.type ?? '', 'application/pdf')

    /** Ctrl+P prints the selected row (the last saved one) and never opens the browser's dialog. */
    await page.locator('[data-testid="registry-table"] tr.is-row .row-handle').first().click()
    await page.keyboard.press('Control+P')
    await page.waitForSelector('[data-testid="print-fallback"]:has-text("Талон №T-1")')

    /** Ctrl+K goes to the search. */
    await page.keyboard.press('Control+K')
    await page.waitForFunction(
      `document.activeElement?.getAttribute('data-testid') === 'registry-search'`
    )

    /** Ctrl+Shift+O asks before closing the online intake. */
    await page.keyboard.press('Control+Shift+O')
    await page.waitForSelector('[data-testid="open-reception-dialog"]')
    await page.assertTextContains('[data-testid="open-reception-dialog"]', 'Открыть приём сейчас?')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="open-reception-dialog"]', { state: 'detached' })

    assert.deepEqual(errors, [])
  })

  test('the panel speaks Uzbek', async ({ visit, assert }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'uz')
    await page.assertTextContains('h1', 'Registratura')
    await page.assertTextContains('[data-testid="action-open-reception"]', 'Qabulni hozir ochish')
    const headers = await page.locator('[data-testid="registry-table"] thead th').allTextContents()
    assert.isTrue(headers.some((text) => text.includes('Bemor')))
    await page.assertTextContains('.rfilters__tabs', 'Umumiy')
  })

  test('a canceled visit is found again and returned to the queue (REG-E1); the calendar shows it', async ({
    visit,
  }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')

    /** Cancel the first row with a confirmation. */
    const first = page.locator('[data-testid="registry-table"] tr.is-row').first()
    const name = (await first.locator('.cell-fio__name').textContent())!.trim()
    await first.locator('[data-action="cancel"]').click()
    await page.click('[data-testid="confirm-accept"]')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row.row--canceled')

    /** Typing the name finds the patient and warns that today's visit was canceled. */
    await page.keyboard.press('Alt+N')
    await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)
    await page.keyboard.type(name.split(' ')[0])
    await page.waitForSelector('[data-testid="patient-suggestions"]')
    await page.assertTextContains('[data-testid="patient-suggestions"]', 'вернуть в очередь?')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="hint-action"]')
    await page.assertTextContains('[data-testid="hint-action"]', 'Вернуть в очередь')
    await page.click('[data-testid="hint-action"]')
    await page.waitForSelector('.p-toast-message-success:has-text("Возвращён в очередь")')
    await page.waitForFunction(
      `!document.querySelector('[data-testid="registry-table"] tr.is-row.row--canceled')`
    )

    /** The calendar: this week by doctor, in the status colours. */
    await page.click('[data-testid="action-calendar"]')
    await page.waitForSelector('[data-testid="calendar-week"] .cal-chip[data-status="queued"]')
    await page.assertTextContains('[data-testid="calendar-week"]', 'Рахимов Азиз')
    await page.assertElementsCount('[data-testid="calendar-legend"] .status-tag', 7)
  })

  test('APT-T1 / REG-T10: the calendar shows every status in its colour; the doctor filter narrows it', async ({
    visit,
    assert,
  }) => {
    /* A clinic of its own: these visits would change what the other tests' registry shows. */
    const clinic = await createTestTenant('regcal')
    await setupRegistry(clinic)
    const { doctorName, otherName, today, tomorrow } = await inTenant(clinic, async () => {
      const doctor = await Doctor.findByOrFail('specialty', 'ecg')
      const other = await Doctor.findByOrFail('specialty', 'therapy')
      const day = await branchToday(doctor.branchId)
      const next = DateTime.fromISO(day).plus({ days: 1 }).toISODate()!
      const book = async (fio: string, date?: string) =>
        (
          await visitRegistration.register({
            patient: { fio, birth_year: 1980 },
            doctor_id: doctor.id,
            type: 'repeat',
            ...(date ? { date } : {}),
          })
        ).visit
      await book('Календарь Очередь')
      const inCabinet = await book('Календарь Кабинет')
      await visitTransitions.move(inCabinet.id, 'in_progress')
      const done = await book('Календарь Принят')
      await visitTransitions.move(done.id, 'in_progress')
      await visitTransitions.move(done.id, 'done')
      await visitTransitions.move((await book('Календарь Отмена')).id, 'canceled')
      await visitTransitions.move((await book('Календарь Неявка')).id, 'no_show')
      await book('Календарь План', next)
      await visitTransitions.move((await book('Календарь Подтверждён', next)).id, 'confirmed')
      await visitRegistration.register({
        patient: { fio: 'Другой Врач', birth_year: 1980 },
        doctor_id: other.id,
      })
      return { doctorName: doctor.fullName, otherName: other.fullName, today: day, tomorrow: next }
    })

    const page = await visit(clinicUrl(clinic.slug, '/login'))
    await logIn(page, clinic, 'ru')
    await page.click('[data-testid="action-calendar"]')
    await page.waitForSelector('[data-testid="calendar-week"] .cal-chip')

    /* Only the chosen doctor's visits stay in the grid. */
    await page.click('[data-testid="calendar-doctor"]')
    await page.click(`.p-select-option:has-text("${doctorName}")`)
    await page.waitForFunction(
      `!document.querySelector('[data-testid="calendar-week"]')?.textContent?.includes(${JSON.stringify(otherName)})`
    )
    await page.assertTextContains('[data-testid="calendar-week"]', doctorName)

    /* A visit's chip, or its count when the day has more visits than chips. */
    const colourOf = async (status: string) => {
      const mark = page.locator(`[data-testid="calendar-week"] .st-${status}`).first()
      await mark.waitFor()
      return mark.evaluate(
        (element) => (globalThis as any).getComputedStyle(element).backgroundColor
      )
    }
    const colours: Record<string, string> = {}
    for (const status of ['queued', 'in_progress', 'done', 'canceled', 'no_show']) {
      colours[status] = await colourOf(status)
    }
    /* Tomorrow may be in the next week (today a Sunday). */
    const sameWeek = DateTime.fromISO(today).weekNumber === DateTime.fromISO(tomorrow).weekNumber
    if (!sameWeek) await page.click('[data-testid="calendar-dialog"] button[aria-label="Вперёд"]')
    for (const status of ['planned', 'confirmed']) colours[status] = await colourOf(status)

    /* Seven statuses, six colours: canceled and no-show share the red. */
    assert.equal(colours.canceled, colours.no_show)
    assert.lengthOf(new Set(Object.values(colours)), 6, JSON.stringify(colours))
    await page.assertElementsCount('[data-testid="calendar-legend"] .status-tag', 7)
    await shoot(page, 'calendar-statuses')
  })

  test('staff who may only read see the table without empty rows or desk actions', async ({
    visit,
    assert,
  }) => {
    await inTenant(tenant, async () => {
      const role = await Role.create({
        name: 'viewer',
        title: 'Viewer',
        isSystem: false,
        permissions: ['dashboard.view', 'registry.read'],
      })
      const user = await User.create({
        login: 'viewer',
        fullName: 'Viewer',
        password: TEST_PASSWORD,
        isActive: true,
      })
      await user.related('roles').attach([role.id])
    })
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru', 'viewer')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
    await page.assertTextContains('.registry-head', 'Только просмотр')
    assert.equal(await page.locator('tr.is-draft').count(), 0)
    await page.assertNotExists('[data-testid="action-new"]')
    await page.assertNotExists('[data-testid="action-open-reception"]')
    await page.assertNotExists('[data-action="cancel"]')
    await page.keyboard.press('Control+Shift+O')
    /* The shortcut opens the dialog at once for those who may: here it stays closed. */
    await assert.rejects(
      () => page.waitForSelector('[data-testid="open-reception-dialog"]', { timeout: 300 }),
      /Timeout 300ms exceeded/
    )
  })

  test('REG-E3: a full day offers the next open day in a dialog and books the patient there', async ({
    visit,
    assert,
  }) => {
    /* The therapist works one weekday, one long slot: the day after tomorrow is taken. */
    const { day, nextOpen, doctorId } = await inTenant(tenant, async () => {
      const today = await branchToday()
      const target = DateTime.fromISO(today).plus({ days: 2 })
      const doctor = await Doctor.findByOrFail('specialty', 'therapy')
      await Schedule.create({
        doctorId: doctor.id,
        weekday: target.weekday,
        startTime: '09:00',
        endTime: '13:00',
        breaks: [],
      })
      await settingsService.update({ 'booking.slot_minutes': 240 }, undefined)
      await visitRegistration.register({
        patient: { fio: 'Занятый День', birth_year: 1990 },
        doctor_id: doctor.id,
        date: target.toISODate()!,
      })
      return {
        day: target.toISODate()!,
        nextOpen: target.plus({ days: 7 }).toISODate()!,
        doctorId: doctor.id,
      }
    })

    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')
    for (let i = 0; i < 2; i++) await page.click('button[aria-label="Следующий день"]')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row:has-text("Занятый День")')

    await page.keyboard.press('Alt+N')
    await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)
    await typePatient(page, {
      fio: 'Перенесённая Гульнора',
      year: '1994',
      phone: '977001122',
      doctor: 'Рахимов',
    })

    await page.waitForSelector(
      '.p-toast-message-warn:has-text("Мест нет — предложите другой день")'
    )
    const dialog = page.locator('[data-testid="date-dialog"]')
    await dialog.waitFor()
    assert.include(await dialog.textContent(), 'На этот день свободных мест нет')
    /* The dialog starts on the next day the doctor takes bookings. */
    const nextLabel = nextOpen.split('-').reverse().join('.')
    assert.include(await page.locator('[data-testid="date-accept"]').textContent(), nextLabel)
    await page.click('[data-testid="date-accept"]')
    await page.waitForSelector('.p-toast-message-success:has-text("Перенесённая Гульнора")')
    await dialog.waitFor({ state: 'detached' })

    const booked = await inTenant(tenant, () =>
      Visit.query()
        .where('doctor_id', doctorId)
        .whereIn('date', [day, nextOpen])
        .preload('patient')
        .orderBy('id')
    )
    assert.deepEqual(
      booked.map((row) => [row.patient.lastName, row.date, row.status]),
      [
        ['Занятый', day, 'planned'],
        ['Перенесённая', nextOpen, 'planned'],
      ]
    )
  })

  test('REG-T9: the chosen workstation stays in the browser and its tickets carry its language', async ({
    visit,
    assert,
  }) => {
    const station = await inTenant(tenant, async () => {
      const branch = await Branch.findByOrFail('is_default', true)
      return Workstation.create({
        branchId: branch.id,
        name: 'Стойка 2',
        printerHost: null,
        printerPort: 9100,
        paperWidth: 58,
        lang: 'uz',
      })
    })
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')

    await page.click('[data-testid="workstation-picker"]')
    await page.click('.p-select-overlay li:has-text("Стойка 2")')
    await page.assertTextContains('[data-testid="workstation-picker"]', 'Стойка 2')
    await page.reload()
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
    await page.assertTextContains('[data-testid="workstation-picker"]', 'Стойка 2')

    const first = page.locator('[data-testid="registry-table"] tr.is-row').first()
    await first.locator('[data-action="print"]').click()
    await page.waitForSelector('[data-testid="print-fallback"]')
    const printed = await inTenant(tenant, () =>
      AuditLog.query().where('event', 'ticket.print_failed').orderBy('id', 'desc').firstOrFail()
    )
    assert.include(printed.after, { workstation_id: station.id, lang: 'uz', paper: 58 })
  })

  test('decision 2 from the server: a queued visit offers no reschedule, a missed one does and moves', async ({
    visit,
    assert,
  }) => {
    const missed = await inTenant(tenant, async () => {
      const doctor = await Doctor.findByOrFail('specialty', 'dermatology')
      await visitRegistration.register({
        patient: { fio: 'Очередная Зарина', birth_year: 1991 },
        doctor_id: doctor.id,
      })
      const { visit: away } = await visitRegistration.register({
        patient: { fio: 'Пропавший Алишер', birth_year: 1988 },
        doctor_id: doctor.id,
      })
      await visitTransitions.move(away.id, 'no_show')
      return away
    })
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')

    /* The panel's moves are the server's table, not a copy of it. */
    const props = await pageProps(page)
    assert.deepEqual(props.transitions, TRANSITIONS)
    assert.deepEqual(props.reschedulable, RESCHEDULABLE)

    const queuedRow = page.locator('tr.is-row:has-text("Очередная Зарина")')
    const missedRow = page.locator('tr.is-row:has-text("Пропавший Алишер")')
    await queuedRow.waitFor()
    await missedRow.waitFor()
    assert.equal(await queuedRow.locator('[data-action="reschedule"]').count(), 0)
    assert.equal(await queuedRow.locator('[data-action="cancel"]').count(), 1)
    assert.equal(await missedRow.locator('[data-action="reschedule"]').count(), 1)
    assert.equal(await missedRow.locator('[data-action="return"]').count(), 1)
    assert.equal(await missedRow.locator('[data-action="cancel"]').count(), 0)

    /* The context menu agrees: no "Reschedule" for the queued visit. */
    await queuedRow.locator('[data-action="more"]').click()
    const item = (label: string) =>
      page.locator(`.p-menu [role="menuitem"]:has-text("${label}")`).first()
    await item('Перенести').waitFor()
    assert.equal(await item('Перенести').getAttribute('aria-disabled'), 'true')
    assert.notEqual(await item('Неявка').getAttribute('aria-disabled'), 'true')
    await page.keyboard.press('Escape')

    /* The missed visit moves to another day from its row, as the server allows. */
    await missedRow.locator('[data-action="reschedule"]').click()
    await page.click('[data-testid="date-accept"]')
    await page.waitForSelector('.p-toast-message-success:has-text("Визит перенесён")')
    /* Today keeps its canceled number, now without the visit: nothing to do with it. */
    await page.waitForSelector(
      'tr.is-row:has-text("Пропавший Алишер"):not(:has([data-action="pay"]))'
    )
    assert.equal(await missedRow.locator('[data-action]:not([data-action="print"])').count(), 0)
    const moved = await inTenant(tenant, () => Visit.findOrFail(missed.id))
    assert.equal(moved.status, 'planned')
    assert.isTrue(moved.date > missed.date, `${moved.date} after ${missed.date}`)
  })

  test("the desk sees a doctor's hours and free places of the day; a doctor off that day is a warning, not a block", async ({
    visit,
    assert,
  }) => {
    const { offDay } = await inTenant(tenant, async () => {
      const today = DateTime.fromISO(await branchToday())
      const derma = await Doctor.findByOrFail('specialty', 'dermatology')
      const cardio = await Doctor.findByOrFail('specialty', 'cardiology')
      await Schedule.updateOrCreate(
        { doctorId: derma.id, weekday: today.weekday },
        {
          startTime: '09:00',
          endTime: '18:00',
          breaks: [{ start: '13:00', end: '14:00' }],
        }
      )
      const other = today.plus({ days: 1 })
      await Schedule.updateOrCreate(
        { doctorId: cardio.id, weekday: other.weekday },
        {
          startTime: '09:00',
          endTime: '15:00',
          breaks: [],
        }
      )
      await settingsService.update({ 'booking.slot_minutes': 30 }, undefined)
      return { offDay: other.weekday }
    })
    const patient = 'Сердечная Гульнора'
    const weekdaysRu = ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс']
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')

    /* Typing a row: the specialist list tells who works today and how many places are left. */
    await page.keyboard.press('Alt+N')
    await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)
    await page.keyboard.type(patient, { delay: 5 })
    await page.keyboard.press('Tab')
    await page.keyboard.type('1979')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowDown')
    const option = (name: string) =>
      page.locator(`.p-select-overlay [role="option"]:has-text("${name}")`)
    await option('Ким Елена').waitFor()
    await shoot(page, 'schedule-picker-ru-light')
    assert.match(
      (await option('Ким Елена').locator('[data-testid="doctor-option-day"]').textContent())!,
      /09:00–18:00 · свободно \d+ из 16/
    )
    assert.equal(
      (await option('Исмоилова')
        .locator('[data-testid="doctor-option-day"]')
        .textContent())!.trim(),
      'не работает'
    )
    await page.keyboard.press('Escape')
    await pickDoctor(page, 'Исмоилова')

    /* The row and the hint above the table warn; the row still saves. */
    const warning = page.locator('tr.is-draft [data-hint="schedule"]')
    await warning.waitFor()
    assert.include(await warning.textContent(), 'не работает')
    assert.equal(await warning.getAttribute('title'), 'не работает сегодня')
    assert.equal(await page.locator('tr.is-draft [data-hint="schedule"]').count(), 1)
    const hint = page.locator('[data-testid="doctor-day-hint"]')
    assert.equal(await hint.getAttribute('data-state'), 'day_off')
    assert.include(await hint.textContent(), 'Исмоилова Н.сегодня:не работает')
    assert.include(await hint.textContent(), `приём: ${weekdaysRu[offDay - 1]}`)
    await shoot(page, 'schedule-warning-ru-light')
    await page.keyboard.press('Enter')
    await page.waitForSelector(`.p-toast-message-success:has-text("${patient}")`)

    /* The doctor filter shows that doctor's day: hours, break, free places. */
    await page.click('[data-testid="filter-doctor"]')
    await page.click('.p-select-overlay [role="option"]:has-text("Ким Елена")')
    await page.waitForSelector('[data-testid="doctor-day-hint"][data-state="works"]')
    const works = (await hint.textContent())!
    assert.include(works, 'Ким Е.')
    assert.include(works, 'сегодня')
    assert.include(works, '09:00–18:00')
    assert.include(works, 'перерыв 13:00–14:00')
    assert.match(works, /свободно \d+ из 16/)
    await shoot(page, 'schedule-works-ru-light')

    /* The calendar shades the cardiologist's days off and shows the working day's hours. */
    await page.click('[data-testid="filter-reset"]')
    await page.click('[data-testid="action-calendar"]')
    const cardioRow = page.locator(
      '[data-testid="calendar-week"] tbody tr:has(th:has-text("Исмоилова Нигора"))'
    )
    await cardioRow.waitFor()
    assert.equal(await cardioRow.locator('td[data-workday="true"]').count(), 1)
    assert.equal(await cardioRow.locator('td[data-workday="false"]').count(), 6)
    assert.include(await cardioRow.locator('td[data-workday="true"]').textContent(), '09:00–15:00')
    await shoot(page, 'schedule-calendar-ru-light')
    await page.keyboard.press('Escape')

    /* The same hint in Uzbek and in the dark theme (screenshots to look at). */
    for (const [locale, theme] of [
      ['ru', 'dark'],
      ['uz', 'light'],
      ['uz', 'dark'],
    ] as const) {
      await reopenAs(page, tenant, locale, theme)
      await page.click('[data-testid="filter-doctor"]')
      await page.click('.p-select-overlay [role="option"]:has-text("Исмоилова")')
      await page.waitForSelector('[data-testid="doctor-day-hint"][data-state="day_off"]')
      if (locale === 'uz') assert.include(await hint.textContent(), 'bugun:ishlamaydi')
      await shoot(page, `schedule-warning-${locale}-${theme}`)
      await page.click('[data-testid="filter-doctor"]')
      await page.click('.p-select-overlay [role="option"]:has-text("Ким Елена")')
      await page.waitForSelector('[data-testid="doctor-day-hint"][data-state="works"]')
      if (locale === 'uz') assert.include(await hint.textContent(), 'tanaffus 13:00–14:00')
      await shoot(page, `schedule-works-${locale}-${theme}`)
    }
    await reopenAs(page, tenant, 'ru', 'light')
  })

  test('APT-R2: a day the registry closed booking on is shaded in the calendar and marked as booking closed', async ({
    visit,
    assert,
  }) => {
    const { doctorName, today } = await inTenant(tenant, async () => {
      const doctor = await Doctor.findByOrFail('specialty', 'dentistry')
      const day = await branchToday(doctor.branchId)
      /* Booked before booking closed: the visit stays. */
      await visitRegistration.register({
        patient: { fio: 'Записан Заранее', birth_year: 1975 },
        doctor_id: doctor.id,
        type: 'repeat',
      })
      await bookingClosures.close({ doctor_id: doctor.id, day, note: 'Врач на конференции' })
      return { doctorName: doctor.fullName, today: day }
    })
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')

    /* The week: only that doctor's day is closed, shaded like a day off, with the note on hover. */
    await page.click('[data-testid="action-calendar"]')
    const row = page.locator(
      `[data-testid="calendar-week"] tbody tr:has(th:has-text("${doctorName}"))`
    )
    const closed = row.locator('td[data-closed="true"]')
    await closed.waitFor()
    assert.equal(await closed.count(), 1)
    assert.equal(await page.locator('[data-testid="calendar-week"] td[data-closed]').count(), 1)
    assert.include(await closed.textContent(), 'запись закрыта')
    assert.include(await closed.getAttribute('class'), 'is-off')
    const column = await closed.evaluate((cell) => (cell as any).cellIndex)
    const header = page.locator('[data-testid="calendar-week"] thead th').nth(column)
    assert.equal(
      (await header.locator('.cal-week__dn').textContent())!.trim(),
      String(Number(today.slice(8)))
    )
    assert.equal(
      await closed.locator('[data-testid="calendar-closed"]').getAttribute('title'),
      'Врач на конференции'
    )
    await shoot(page, 'calendar-closed-ru-light')

    /* The month of that doctor marks the same day. */
    await page.click('[data-testid="calendar-doctor"]')
    await page.click(`.p-select-option:has-text("${doctorName}")`)
    await page.locator('[data-testid="calendar-mode"] button', { hasText: 'Месяц' }).click()
    const closedDay = page.locator(
      '[data-testid="calendar-month"] .cal-month__day[data-closed="true"]'
    )
    await closedDay.waitFor()
    assert.equal(await closedDay.count(), 1)
    assert.include(await closedDay.textContent(), 'запись закрыта')
    await page.keyboard.press('Escape')

    /* In Uzbek, dark. */
    await reopenAs(page, tenant, 'uz', 'dark')
    await page.click('[data-testid="action-calendar"]')
    await closed.waitFor()
    assert.include(await closed.textContent(), 'yozilish yopiq')
    await shoot(page, 'calendar-closed-uz-dark')
    await reopenAs(page, tenant, 'ru', 'light')
  })

  test('PAY-R8: finishing an unpaid paid visit explains why and offers to pay at the cash desk', async ({
    visit,
    assert,
  }) => {
    const visitId = await inTenant(tenant, async () => {
      const doctor = await Doctor.findByOrFail('specialty', 'dentistry')
      const { visit: unpaid } = await visitRegistration.register({
        patient: { fio: 'Неоплаченный Визит', birth_year: 1990 },
        doctor_id: doctor.id,
        type: 'paid',
      })
      await visitTransitions.move(unpaid.id, 'in_progress')
      return unpaid.id
    })
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')

    const row = page.locator('[data-testid="registry-table"] tr.is-row', {
      hasText: 'Неоплаченный Визит',
    })
    await row.locator('[data-action="more"]').click()
    await page.locator('.p-menu [role="menuitem"]:has-text("Завершить")').first().click()

    const toast = page.locator('[data-testid="way-out-toast"]')
    await toast.waitFor()
    assert.include(await toast.textContent(), 'Визит ещё не оплачен')
    await shoot(page, 'unpaid-pay-ru-light')
    await toast.locator('[data-testid="way-out"]').click()
    await page.waitForURL(`**/cashier?visit_id=${visitId}`)
    assert.equal((await inTenant(tenant, () => Visit.findOrFail(visitId))).status, 'in_progress')
  })

  test('REG-T13: every registry string exists in ru, uz and en', async ({ assert }) => {
    const flatten = (value: unknown, prefix = ''): string[] =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, inner]) => flatten(inner, `${prefix}${key}.`))
        : [prefix.slice(0, -1)]
    const keys = Object.fromEntries(
      ['ru', 'uz', 'en'].map((locale) => [
        locale,
        flatten(
          JSON.parse(readFileSync(app.makePath(`resources/lang/${locale}/registry.json`), 'utf8'))
        ).sort(),
      ])
    )
    assert.deepEqual(keys.uz, keys.ru)
    assert.deepEqual(keys.en, keys.ru)

    /** Every literal `registry.*` key of the panel's sources is translated. */
    const components = app.makePath('resources/components/registry')
    const composables = app.makePath('resources/composables')
    const sources = [
      app.makePath('resources/pages/registry/index.vue'),
      ...readdirSync(components).map((file) => join(components, file)),
      ...readdirSync(composables)
        .filter((file) => file.startsWith('use_registry'))
        .map((file) => join(composables, file)),
    ]
    const used = new Set<string>()
    for (const file of sources) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /'registry\.([a-z_]+(?:\.[a-z_A-Z]+)*)'/g
      )) {
        used.add(match[1])
      }
    }
    const missing = [...used].filter((key) => !keys.ru.includes(key))
    assert.deepEqual(missing, [])
    assert.isAbove(used.size, 100)
  })

  test('REG-T14: a day of 500+ rows renders a window of them, scrolls to the empty rows and filters', async ({
    visit,
    assert,
  }) => {
    const page = await visit(clinicUrl(tenant.slug, '/login'))
    await logIn(page, tenant, 'ru')
    await page.waitForSelector('[data-testid="registry-table"] tr.is-draft')
    const xsrf = (await page.context().cookies()).find((cookie) => cookie.name === 'XSRF-TOKEN')
    const created = await page.evaluate(
      async (token) => {
        const headers = {
          'accept': 'application/json',
          'content-type': 'application/json',
          'x-xsrf-token': token,
        }
        const doctors = (await (await fetch('/api/registry?per_page=1', { headers })).json()) as {
          data: { doctor_id: number }[]
        }
        const doctorId = doctors.data[0].doctor_id
        let ok = 0
        const one = async (index: number) => {
          const response = await fetch('/api/registry/rows', {
            method: 'POST',
            headers,
            body: JSON.stringify({
              patient: { fio: `Нагрузка Пациент${index}`, birth_year: 1950 + (index % 70) },
              doctor_id: doctorId,
            }),
          })
          if (response.ok) ok++
        }
        for (let index = 0; index < 520; index += 8) {
          await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((step) => one(index + step)))
        }
        return ok
      },
      decodeURIComponent(xsrf?.value ?? '')
    )
    assert.equal(created, 520)

    await page.reload()
    await page.waitForSelector('[data-testid="registry-table"] tr.is-row')
    await page.waitForFunction(
      `/5\\d\\d запис/.test(document.querySelector('[data-testid="registry-count"]')?.textContent ?? '')`
    )
    assert.isBelow(await page.locator('[data-testid="registry-table"] tbody tr').count(), 90)

    /** Alt+N scrolls to the bottom: the last pages load and the empty rows are there. */
    await page.keyboard.press('Alt+N')
    await page.waitForFunction(`document.activeElement?.getAttribute('name') === 'fio'`)
    await page.waitForSelector('tr.is-row:has-text("Нагрузка Пациент519")')
    assert.isAtLeast(await page.locator('tr.is-draft').count(), 5)
    assert.equal(await page.locator('tr.is-placeholder').count(), 0)

    await page.keyboard.press('Control+K')
    await page.keyboard.type('Пациент42')
    await page.waitForFunction(
      `document.querySelector('[data-testid="registry-count"]')?.textContent?.trim().startsWith('11 ')`
    )
    await page.assertTextContains('[data-testid="registry-table"]', 'Нагрузка Пациент420')
  })
})
