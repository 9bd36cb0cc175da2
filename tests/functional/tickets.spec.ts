import net from 'node:net'
import { test } from '@japa/runner'
import { ApiRequest } from '@japa/api-client'
import type { ApiClient } from '@japa/api-client'
import AuditLog from '#models/audit_log'
import Branch from '#models/branch'
import DailyQueue from '#models/daily_queue'
import Doctor from '#models/doctor'
import Patient from '#models/patient'
import QueueEntry from '#models/queue_entry'
import Role from '#models/role'
import Service from '#models/service'
import User from '#models/user'
import Visit from '#models/visit'
import VisitService from '#models/visit_service'
import Workstation from '#models/workstation'
import { clock } from '#services/clock'
import type Tenant from '#tenants/models/tenant'
import { apiToken, inertiaPage } from '#tests/helpers/api'
import { pdfText } from '#tests/helpers/pdf_text'
import { renderPosterPdf } from '#services/printing/poster_pdf'
import { silentPrinter } from '#tests/fakes/network_printer'
import { createTestTenant, hostOf, inTenant, TEST_PASSWORD } from '#tests/helpers/tenants'

/* PDFs and ESC/POS arrive as Buffers, not text. */
const binary = (res: any, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}
ApiRequest.addParser('application/pdf', binary)
ApiRequest.addParser('application/octet-stream', binary)

/** cp866 bytes of a Russian text (А–п: 0x80–0xAF, р–я: 0xE0–0xEF, Ё/ё: 0xF0/0xF1). */
function cp866(text: string) {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!
      if (code < 0x80) return code
      if (ch === 'Ё') return 0xf0
      if (ch === 'ё') return 0xf1
      if (code >= 0x410 && code <= 0x43f) return code - 0x410 + 0x80
      if (code >= 0x440 && code <= 0x44f) return code - 0x440 + 0xe0
      throw new Error(`no cp866 byte for ${ch}`)
    })
  )
}

/** Text of a PDF without whitespace: glyph runs of fallback fonts split lines. */
const squeeze = (pdf: Buffer) => pdfText(pdf).text.replace(/\s+/g, '')
const squeezed = (text: string) => text.replace(/\s+/g, '')

interface Clinic {
  tenant: Tenant
  host: string
  token: string
  branchId: number
  doctorId: number
  entryId: number
  visitId: number
}

/** A clinic with a cardiologist and a paid, EchoCG-marked visit holding ticket №17 today. */
async function clinicWithTicket(client: ApiClient, prefix = 'tkt'): Promise<Clinic> {
  const tenant = await createTestTenant(prefix)
  const ids = await inTenant(tenant, async () => {
    const branch = await Branch.findByOrFail('is_default', true)
    const doctor = await Doctor.create({
      fullName: 'Юсупов Азиз Шухратович',
      specialty: 'cardiology',
      cabinet: '12',
      branchId: branch.id,
      priceDefault: 250_000_00,
      active: true,
    })
    const patient = await Patient.create({
      lastName: 'Каримова',
      firstName: 'Дилноза',
      middleName: null,
      searchName: 'каримова дилноза',
      birthYear: 1985,
      phone: '+998901234567',
    })
    const day = clock.now().setZone(branch.timezone).toISODate()!
    const visit = await Visit.create({
      patientId: patient.id,
      doctorId: doctor.id,
      branchId: branch.id,
      date: day,
      status: 'queued',
      source: 'desk',
      type: 'paid',
      paymentType: 'cash',
      paymentStatus: 'paid',
      total: 550_000_00,
      currency: 'UZS',
      echo: true,
    })
    const service = await Service.create({
      title: 'Консультация кардиолога',
      code: 'CARD-01',
      category: 'cardiology',
      price: 250_000_00,
      currency: 'UZS',
      active: true,
    })
    await VisitService.create({
      visitId: visit.id,
      serviceId: service.id,
      qty: 1,
      price: 250_000_00,
      total: 250_000_00,
      group: 'cardio',
    })
    const queue = await DailyQueue.create({
      branchId: branch.id,
      doctorId: doctor.id,
      day,
      active: true,
      openedAt: null,
    })
    const entry = await QueueEntry.create({
      queueId: queue.id,
      number: 17,
      patientId: patient.id,
      visitId: visit.id,
      patientName: patient.fullName,
      status: 'waiting',
      source: 'desk',
    })
    return { branchId: branch.id, doctorId: doctor.id, entryId: entry.id, visitId: visit.id }
  })
  const token = await apiToken(client, tenant)
  return { tenant, host: hostOf(tenant), token, ...ids }
}

async function addUser(tenant: Tenant, login: string, role: string) {
  await inTenant(tenant, async () => {
    const user = await User.create({
      login,
      fullName: login,
      password: TEST_PASSWORD,
      isActive: true,
    })
    await user.related('roles').attach([(await Role.findByOrFail('name', role)).id])
  })
}

async function auditEvents(tenant: Tenant, event: string) {
  return inTenant(tenant, () => AuditLog.query().where('event', event).orderBy('id'))
}

/** A one-shot network printer on a random port: resolves with everything it received. */
async function fakePrinter() {
  let resolveBytes: (bytes: Buffer) => void
  const received = new Promise<Buffer>((resolve) => (resolveBytes = resolve))
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => {
      resolveBytes(Buffer.concat(chunks))
      socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return { port, received, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** A local port nothing listens on. */
async function closedPort() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

test.group('Tickets: ESC/POS and PDF through the API', () => {
  let shared: Promise<Clinic> | undefined
  let clinic: Clinic

  test('POST print-ticket answers ESC/POS bytes: cp866 name, big number, paid, cut', async ({
    client,
    assert,
  }) => {
    clinic = await (shared ??= clinicWithTicket(client))
    const response = await client
      .post(`/api/queue/print-ticket/${clinic.entryId}?format=escpos&lang=ru&paper=58`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/octet-stream')
    const bytes = response.body() as Buffer
    assert.deepEqual([...bytes.subarray(0, 2)], [0x1b, 0x40], 'ESC @ first')
    assert.isAbove(bytes.indexOf(Buffer.from([0x1b, 0x74, 17])), 0, 'ESC t 17 = cp866')
    assert.isAbove(bytes.indexOf(cp866('Каримова Дилноза')), 0)
    assert.isAbove(bytes.indexOf(cp866('ОПЛАЧЕНО')), 0)
    assert.isAbove(bytes.indexOf(cp866('ЭхоКГ')), 0)
    assert.isAbove(bytes.indexOf(cp866('Кабинет: 12')), 0)
    const size = bytes.indexOf(Buffer.from([0x1d, 0x21, 0x33]))
    assert.isAbove(size, 0, 'GS ! 0x33: the number at 4 × 4')
    assert.deepEqual([...bytes.subarray(size + 3, size + 7)], [0xfc, 0x20, 0x31, 0x37], '№ 17')
    assert.isAbove(bytes.lastIndexOf(Buffer.from([0x1d, 0x56])), bytes.length - 6, 'cut at the end')
    for (const line of bytes.toString('latin1').split('\n')) {
      // eslint-disable-next-line no-control-regex -- ESC/POS commands are control bytes
      const text = line.replace(/\x1b.|\x1d..|\x1c.|[\x00-\x1f]/g, '')
      assert.isAtMost(text.length, 32, `58 mm line too long: ${JSON.stringify(text)}`)
    }

    const events = await auditEvents(clinic.tenant, 'ticket.printed')
    assert.lengthOf(events, 1)
    assert.equal(events[0].entityId, String(clinic.entryId))
    assert.containsSubset(events[0].after, { number: 17, format: 'escpos', lang: 'ru', paper: 58 })
  })

  test('Uzbek ticket: Latin text with oʻ/gʻ apostrophes as ASCII, To‘langan mark', async ({
    client,
    assert,
  }) => {
    clinic = await (shared ??= clinicWithTicket(client))
    const response = await client
      .post(`/api/queue/print-ticket/${clinic.entryId}?lang=uz&paper=80`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    response.assertStatus(200)
    const text = (response.body() as Buffer).toString('latin1')
    assert.include(text, "TO'LANGAN")
    assert.include(text, "tug'ilgan")
    assert.include(text, 'Xona: 12')
    assert.notInclude(text, '?')
  })

  test('format=pdf answers a one-page PDF with the number, clinic and specialist', async ({
    client,
    assert,
  }) => {
    clinic = await (shared ??= clinicWithTicket(client))
    const response = await client
      .post(`/api/queue/print-ticket/${clinic.entryId}?format=pdf&lang=ru`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const pdf = response.body() as Buffer
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
    const { pages } = pdfText(pdf)
    assert.equal(pages, 1)
    const text = squeeze(pdf)
    for (const expected of [
      '№17',
      clinic.tenant.name,
      'ЮсуповАзизШухратович',
      'Кабинет:12',
      'ОПЛАЧЕНО',
      'КаримоваДилноза',
      '1985г.р.',
      '+ЭхоКГ—поэтомужено',
    ]) {
      assert.include(text, squeezed(expected))
    }
    const width = pdf.toString('latin1').match(/\/MediaBox \[0 0 ([\d.]+)/)?.[1]
    assert.closeTo(Number(width), (80 / 25.4) * 72, 1, '80 mm wide')
  })

  test('GET opens the PDF in a browser window, in English when asked', async ({
    client,
    assert,
  }) => {
    clinic = await (shared ??= clinicWithTicket(client))
    const response = await client
      .get(`/api/queue/print-ticket/${clinic.entryId}?lang=en&paper=58`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    assert.match(response.header('content-disposition') ?? '', /^inline; filename="ticket-17.pdf"/)
    const text = squeeze(response.body())
    assert.include(text, 'No.17')
    assert.include(text, 'PAID')
    assert.include(text, 'Room:12')
    const width = (response.body() as Buffer)
      .toString('latin1')
      .match(/\/MediaBox \[0 0 ([\d.]+)/)?.[1]
    assert.closeTo(Number(width), (58 / 25.4) * 72, 1, '58 mm wide')
  })

  test('an unknown entry is 404; bad query values are 422; a doctor may not print', async ({
    client,
    assert,
  }) => {
    clinic = await (shared ??= clinicWithTicket(client))
    const missing = await client
      .post('/api/queue/print-ticket/999999?format=pdf')
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    missing.assertStatus(404)

    const bad = await client
      .post(`/api/queue/print-ticket/${clinic.entryId}?format=docx&paper=70&lang=fr`)
      .header('host', clinic.host)
      .header('accept-language', 'en')
      .bearerToken(clinic.token)
    bad.assertStatus(422)
    assert.sameMembers(
      bad.body().errors.map((error: any) => error.field),
      ['format', 'paper', 'lang']
    )

    await addUser(clinic.tenant, 'doc1', 'doctor')
    const doctorToken = await apiToken(client, clinic.tenant, 'doc1')
    const forbidden = await client
      .post(`/api/queue/print-ticket/${clinic.entryId}`)
      .header('host', clinic.host)
      .bearerToken(doctorToken)
    forbidden.assertStatus(403)
  })
})

test.group('Tickets: workstation printers', () => {
  let clinic: Clinic

  test('a ticket goes to the workstation printer over TCP in its language', async ({
    client,
    assert,
  }) => {
    clinic = await clinicWithTicket(client, 'wsp')
    const printer = await fakePrinter()
    try {
      const created = await client
        .post('/api/admin/workstations')
        .header('host', clinic.host)
        .bearerToken(clinic.token)
        .json({
          name: 'Desk 1',
          printer_host: '127.0.0.1',
          printer_port: printer.port,
          paper_width: 58,
          lang: 'uz',
        })
      created.assertStatus(201)

      const response = await client
        .post('/api/print/ticket')
        .header('host', clinic.host)
        .bearerToken(clinic.token)
        .json({ entry_id: clinic.entryId, workstation_id: created.body().id })
      response.assertStatus(200)
      assert.containsSubset(response.body(), { printed: true, number: 17, lang: 'uz', paper: 58 })

      const bytes = await printer.received
      assert.deepEqual([...bytes.subarray(0, 2)], [0x1b, 0x40])
      assert.include(bytes.toString('latin1'), 'NAVBAT TALONI')
      assert.isAbove(bytes.indexOf(cp866('Каримова')), 0)
      assert.isAbove(bytes.lastIndexOf(Buffer.from([0x1d, 0x56])), 0)

      const events = await auditEvents(clinic.tenant, 'ticket.printed')
      assert.containsSubset(events.at(-1)!.after, {
        channel: 'network',
        printed: true,
        workstation_id: created.body().id,
      })
    } finally {
      await printer.close()
    }
  })

  test('no printer or an unreachable one answers printed: false with the PDF url', async ({
    client,
    assert,
  }) => {
    clinic ??= await clinicWithTicket(client, 'wsp')
    const post = (body: object) =>
      client
        .post('/api/print/ticket')
        .header('host', clinic.host)
        .bearerToken(clinic.token)
        .json(body)

    const none = await post({ entry_id: clinic.entryId, lang: 'ru' })
    none.assertStatus(200)
    assert.deepEqual(none.body(), {
      entry_id: clinic.entryId,
      number: 17,
      workstation_id: null,
      printed: false,
      reason: 'no_printer',
      lang: 'ru',
      paper: 80,
      pdf_url: `/api/queue/print-ticket/${clinic.entryId}?format=pdf&lang=ru&paper=80`,
    })

    const port = await closedPort()
    const offline = await inTenant(clinic.tenant, async () =>
      Workstation.create({
        branchId: clinic.branchId,
        name: 'Desk offline',
        printerHost: '127.0.0.1',
        printerPort: port,
        paperWidth: 80,
        lang: 'ru',
      })
    )
    const refused = await post({ entry_id: clinic.entryId, workstation_id: offline.id })
    refused.assertStatus(200)
    assert.containsSubset(refused.body(), {
      printed: false,
      reason: 'unreachable',
      pdf_url: `/api/queue/print-ticket/${clinic.entryId}?format=pdf&lang=ru&paper=80`,
    })

    /* A switched-off printer (it never answers the connect): given up after the ~2 s connect timeout. */
    const switchedOff = await silentPrinter()
    try {
      await inTenant(clinic.tenant, async () => {
        offline.printerPort = switchedOff.port
        await offline.save()
      })
      const started = Date.now()
      const silent = await post({ entry_id: clinic.entryId, workstation_id: offline.id })
      silent.assertStatus(200)
      assert.containsSubset(silent.body(), { printed: false, reason: 'unreachable' })
      assert.isBelow(Date.now() - started, 3500)
    } finally {
      switchedOff.close()
    }

    /* The fallback URL opens the PDF. */
    const pdf = await client
      .get(refused.body().pdf_url)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    pdf.assertStatus(200)
    assert.include(squeeze(pdf.body()), '№17')

    const failures = await auditEvents(clinic.tenant, 'ticket.print_failed')
    assert.lengthOf(failures, 3)
    assert.containsSubset(failures[1].after, { reason: 'unreachable', workstation_id: offline.id })
  })

  test('workstations CRUD with validation errors; registrars may not manage them', async ({
    client,
    assert,
  }) => {
    clinic ??= await clinicWithTicket(client, 'wsp')
    const api = (method: 'get' | 'post' | 'put' | 'delete', url: string) =>
      client[method](url)
        .header('host', clinic.host)
        .header('accept-language', 'en')
        .bearerToken(clinic.token)

    const invalid = await api('post', '/api/admin/workstations').json({
      name: '',
      printer_host: 'http://printer/',
      printer_port: 70000,
      paper_width: 70,
      lang: 'fr',
    })
    invalid.assertStatus(422)
    assert.sameMembers(
      invalid.body().errors.map((error: any) => error.field),
      ['name', 'printer_host', 'printer_port', 'paper_width', 'lang']
    )

    const unknownBranch = await api('post', '/api/admin/workstations').json({
      name: 'X',
      branch_id: 999,
    })
    unknownBranch.assertStatus(422)
    assert.equal(unknownBranch.body().errors[0].field, 'branch_id')

    const created = await api('post', '/api/admin/workstations').json({ name: 'Reception 2' })
    created.assertStatus(201)
    assert.containsSubset(created.body(), {
      name: 'Reception 2',
      branch_id: clinic.branchId,
      printer_host: null,
      printer_port: 9100,
      paper_width: 80,
      lang: 'ru',
    })
    const id = created.body().id

    const updated = await api('put', `/api/admin/workstations/${id}`).json({
      printer_host: 'printer-2.local',
      paper_width: 58,
      lang: 'uz',
    })
    updated.assertStatus(200)
    assert.containsSubset(updated.body(), {
      printer_host: 'printer-2.local',
      paper_width: 58,
      lang: 'uz',
    })
    ;(await api('put', `/api/admin/workstations/${id}`).json({ paper_width: 100 })).assertStatus(
      422
    )

    const list = await api('get', '/api/admin/workstations')
    list.assertStatus(200)
    assert.include(
      list.body().map((row: any) => row.name),
      'Reception 2'
    )

    ;(await api('delete', `/api/admin/workstations/${id}`)).assertStatus(204)
    ;(await api('get', `/api/admin/workstations/${id}`)).assertStatus(404)

    const events = (await auditEvents(clinic.tenant, 'workstation.created')).length
    assert.isAtLeast(events, 1)
    assert.lengthOf(await auditEvents(clinic.tenant, 'workstation.deleted'), 1)

    await addUser(clinic.tenant, 'desk', 'registrar')
    const registrar = await apiToken(client, clinic.tenant, 'desk')
    const forbidden = await client
      .get('/api/admin/workstations')
      .header('host', clinic.host)
      .bearerToken(registrar)
    forbidden.assertStatus(403)
  })
})

test.group('Printed documents: QR poster and registry export', () => {
  test('the poster PDF carries the clinic, specialist, 07:00 and a working join URL', async ({
    client,
    assert,
  }) => {
    const clinic = await clinicWithTicket(client, 'pst')
    const response = await client
      .get(`/api/queue/poster.pdf?specialist_id=${clinic.doctorId}&lang=ru`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const pdf = response.body() as Buffer
    assert.equal(pdfText(pdf).pages, 1)
    const text = squeeze(pdf)
    for (const expected of [
      clinic.tenant.name,
      'Электронная очередь',
      'Кардиолог',
      'Юсупов Азиз Шухратович',
      'Сканируйте QR-код с 07:00',
      'QR-kodni 07:00 dan skanerlang',
      'Scan the QR code from 07:00',
    ]) {
      assert.include(text, squeezed(expected))
    }
    const url = text.match(/http:\/\/[^/]+\/q\/([A-Za-z0-9._~-]+)/)
    assert.exists(url, 'the join URL is printed under the QR')
    const page = await client
      .get(`/q/${url![1]}`)
      .header('host', clinic.host)
      .header('accept', 'text/html')
    page.assertStatus(200)
    const props = inertiaPage(page.text())
    assert.equal(props.component, 'queue/join')
    assert.containsSubset(props.props, {
      valid: true,
      clinic_name: clinic.tenant.name,
      opens_at: '07:00',
      specialist: { id: clinic.doctorId, name: 'Юсупов Азиз Шухратович', cabinet: '12' },
    })

    const events = await auditEvents(clinic.tenant, 'queue.poster_printed')
    assert.lengthOf(events, 1)
  })

  test('a printed link keeps its letters: no fi/fl/ffi ligatures, whatever font the PDF falls back to', async ({
    assert,
  }) => {
    const url = 'http://demo.localhost/q/abfiXflYffZffiW_fj-ft.st'
    const pdf = await renderPosterPdf({
      lang: 'ru',
      clinic: 'Клиника',
      specialist: { name: 'Юсупов Азиз', specialty: 'cardiology', cabinet: '12' },
      day: '2026-03-12',
      opensAt: '07:00',
      url,
    })
    assert.include(squeeze(pdf), url)
  })

  test('the poster refuses a past day and an unknown specialist', async ({ client, assert }) => {
    const clinic = await clinicWithTicket(client, 'pst')
    const past = await client
      .get(`/api/queue/poster.pdf?specialist_id=${clinic.doctorId}&day=2020-01-01`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    past.assertStatus(422)
    assert.equal(past.body().errors[0].field, 'day')
    const unknown = await client
      .get('/api/queue/poster.pdf?specialist_id=9999')
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'specialist_id')
  })

  test('the registry PDF lists the day in A4 landscape with totals', async ({ client, assert }) => {
    const clinic = await clinicWithTicket(client, 'rex')
    const day = await inTenant(
      clinic.tenant,
      async () => (await Visit.findOrFail(clinic.visitId)).date
    )
    const response = await client
      .get(`/api/registry/export.pdf?date=${day}&lang=ru`)
      .header('host', clinic.host)
      .bearerToken(clinic.token)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const pdf = response.body() as Buffer
    const box = pdf.toString('latin1').match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)/)!
    assert.isAbove(Number(box[1]), Number(box[2]), 'landscape')
    const text = squeeze(pdf)
    for (const expected of [
      'Реестр пациентов',
      'Каримова Дилноза',
      '+998 90 123 45 67',
      'Юсупов Азиз Шухратович',
      'Консультация кардиолога',
      'Оплачено',
      'В очереди',
      '550 000 сум',
      'Записей: 1',
    ]) {
      assert.include(text, squeezed(expected))
    }
    const events = await auditEvents(clinic.tenant, 'registry.exported')
    assert.containsSubset(events.at(-1)!.after, { format: 'pdf', rows: 1 })
  })
})
