import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import AuditLog from '#models/audit_log'
import Branch from '#models/branch'
import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import Visit from '#models/visit'
import Workstation from '#models/workstation'
import { clock } from '#services/clock'
import type { RegistryEvent } from '#services/registry/registry_events'
import { pdfText } from '#tests/helpers/pdf_text'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import { setLocalTime } from '#tests/helpers/registry'
import { newVisit, paymentClinic } from '#tests/helpers/payments'
import { fakePrinter } from '#tests/fakes/network_printer'

/** PDF text without whitespace and case (headings are upper-cased by CSS). */
const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase()

/** cp866 bytes of a Russian text. */
function cp866(text: string) {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!
      if (code < 0x80) return code
      if (code >= 0x410 && code <= 0x43f) return code - 0x410 + 0x80
      if (code >= 0x440 && code <= 0x44f) return code - 0x440 + 0xe0
      throw new Error(`no cp866 byte for ${ch}`)
    })
  )
}

test.group('Payments: the cash desk', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('cash for the whole visit: paid at once, the visit turns paid, the registry hears it, audited', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const events: RegistryEvent[] = []
    const listener = (event: RegistryEvent) => void events.push(event)
    emitter.on('registry:event', listener)
    try {
      const response = await clinic.cashier.post('/api/payments/cash', {
        visit_id: clinic.visitId,
        amount: 550_000_00,
      })
      response.assertStatus(201)
      assert.equal(response.body().status, 'paid')
      assert.equal(response.body().provider, 'cash')
      assert.equal(response.body().currency, 'UZS')
      assert.deepEqual(
        response.body().items.map((item: any) => [item.title, item.total]),
        [
          ['Консультация кардиолога', 250_000_00],
          ['ЭхоКГ', 300_000_00],
        ]
      )
      assert.isNull(response.body().print, 'no workstation named: nothing printed')

      const shown = await clinic.cashier.get(`/api/payments/${response.body().id}`)
      shown.assertStatus(200)
      assert.equal(shown.body().status, 'paid')

      const paymentEvents = events.filter((event) => event.event === 'payment.status_changed')
      assert.lengthOf(paymentEvents, 1)
      assert.include(paymentEvents[0] as any, {
        visit_id: clinic.visitId,
        old_status: 'unpaid',
        new_status: 'paid',
        payment_id: response.body().id,
      })
    } finally {
      emitter.clearListener('registry:event', listener)
    }

    await inTenant(tenant, async () => {
      const visit = await Visit.findOrFail(clinic.visitId)
      assert.equal(visit.paymentStatus, 'paid')
      const audit = await AuditLog.query().where('event', 'payment.paid').firstOrFail()
      assert.equal(audit.entityId, String((await Payment.firstOrFail()).id))
      assert.equal(audit.after?.source, 'desk')
    })
    const rows = await clinic.registrar.get('/api/registry?date=2026-03-02')
    const row = rows.body().data.find((r: any) => r.visit_id === clinic.visitId)
    assert.equal(row.payment_status, 'paid')

    /* The "Paid" mark reaches the queue ticket (PAY-R4). */
    const ticket = await clinic.registrar.get(
      `/api/queue/print-ticket/${row.entry_id}?format=pdf&lang=ru`
    )
    ticket.assertStatus(200)
    assert.include(squeeze(pdfText(ticket.body()).text), 'оплачено')
  })

  test('separate receipts: consultation and EchoCG paid one by one; partial in between', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const detail = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    const [consultation, echo] = detail.body().services

    const first = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [consultation.id],
      method: 'card',
    })
    first.assertStatus(201)
    assert.equal(first.body().amount, 250_000_00)
    assert.equal(first.body().method, 'card')
    let visit = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    assert.equal(visit.body().payment_status, 'partial')
    assert.equal(visit.body().due, 300_000_00)
    assert.equal(visit.body().services[0].payment_status, 'paid')
    assert.isNull(visit.body().services[1].payment_status)

    const again = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [consultation.id],
    })
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'SERVICE_ALREADY_PAID')

    const second = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [echo.id],
    })
    second.assertStatus(201)
    visit = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    assert.equal(visit.body().payment_status, 'paid')
    assert.equal(visit.body().due, 0)
    assert.lengthOf(visit.body().payments, 2)

    const more = await clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })
    more.assertStatus(409)
    assert.equal(more.body().error.code, 'NOTHING_TO_PAY')
  })

  test('cash for a canceled visit and more than is due are refused; nothing is written', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)

    const tooMuch = await clinic.cashier
      .post('/api/payments/cash', { visit_id: clinic.visitId, amount: 600_000_00 })
      .header('accept-language', 'ru')
    tooMuch.assertStatus(409)
    assert.equal(tooMuch.body().error.code, 'PAYMENT_EXCEEDS_DUE')
    assert.equal(tooMuch.body().error.message, 'Сумма больше, чем осталось оплатить по визиту.')

    const canceled = await clinic.registrar.patch(`/api/visits/${clinic.visitId}/status`, {
      status: 'canceled',
    })
    canceled.assertStatus(200)
    const refused = await clinic.cashier
      .post('/api/payments/cash', { visit_id: clinic.visitId, amount: 100_000_00 })
      .header('accept-language', 'uz')
    refused.assertStatus(409)
    assert.equal(refused.body().error.code, 'VISIT_CANCELED')
    assert.equal(
      refused.body().error.message,
      'Tashrif bekor qilingan: uning uchun toʻlov qabul qilinmaydi.'
    )

    const unknown = await clinic.cashier.post('/api/payments/cash', { visit_id: 999_999 })
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'visit_id')

    const invalid = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      amount: -5,
    })
    invalid.assertStatus(422)

    await inTenant(tenant, async () => {
      assert.lengthOf(await Payment.all(), 0)
      assert.equal((await Visit.findOrFail(clinic.visitId)).paymentStatus, 'unpaid')
    })
  })

  test('refunds: partial, then more than is left is refused, then the rest; audited', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const paid = await clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })
    paid.assertStatus(201)
    const id = paid.body().id

    const partial = await clinic.cashier.post(`/api/payments/${id}/refund`, {
      amount: 300_000_00,
      reason: 'ЭхоКГ не проводилось',
    })
    partial.assertStatus(200)
    assert.equal(partial.body().status, 'paid')
    assert.equal(partial.body().refunded_amount, 300_000_00)
    let visit = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    assert.equal(visit.body().payment_status, 'partial')

    const tooLarge = await clinic.cashier
      .post(`/api/payments/${id}/refund`, { amount: 250_000_01 })
      .header('accept-language', 'en')
    tooLarge.assertStatus(409)
    assert.equal(tooLarge.body().error.code, 'REFUND_EXCEEDS_PAID')
    assert.equal(tooLarge.body().error.message, 'The refund is larger than what was paid.')
    assert.equal(tooLarge.body().error.available, 250_000_00)

    const rest = await clinic.cashier.post(`/api/payments/${id}/refund`, {})
    rest.assertStatus(200)
    assert.equal(rest.body().status, 'refunded')
    assert.equal(rest.body().refunded_amount, 550_000_00)
    visit = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    assert.equal(visit.body().payment_status, 'refunded')

    const again = await clinic.cashier.post(`/api/payments/${id}/refund`, { amount: 1 })
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'PAYMENT_NOT_REFUNDABLE')

    const registrarRefund = await clinic.registrar.post(`/api/payments/${id}/refund`, {})
    registrarRefund.assertStatus(403)

    await inTenant(tenant, async () => {
      const refunds = await PaymentRefund.query().orderBy('id')
      assert.deepEqual(
        refunds.map((r) => [r.amount, r.source]),
        [
          [300_000_00, 'desk'],
          [250_000_00, 'desk'],
        ]
      )
      const audits = await AuditLog.query().where('event', 'payment.refund').orderBy('id')
      assert.lengthOf(audits, 2)
      assert.equal(audits[0].after?.reason, 'ЭхоКГ не проводилось')
    })
  })

  test('receipts: PDF (A5 and 80 mm, ru/uz/en) with requisites, lines and the ticket; ESC/POS to the workstation printer', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const printer = await fakePrinter()
    const workstation = await inTenant(tenant, async () =>
      Workstation.create({
        branchId: (await Branch.findByOrFail('is_default', true)).id,
        name: 'Касса 1',
        printerHost: '127.0.0.1',
        printerPort: printer.port,
        paperWidth: 80,
        lang: 'ru',
      })
    )
    const paid = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      workstation_id: workstation.id,
    })
    paid.assertStatus(201)
    assert.deepInclude(paid.body().print, { printed: true, lang: 'ru' })
    const bytes = await printer.received
    await printer.close()
    assert.isTrue(bytes.includes(cp866('КАССОВЫЙ ЧЕК')))
    assert.isTrue(bytes.includes(cp866('ЭхоКГ')))
    assert.isTrue(bytes.includes(Buffer.from('550 000')))

    const id = paid.body().id
    const a5 = await clinic.cashier.get(`/api/payments/${id}/receipt.pdf?lang=ru&paper=a5`)
    a5.assertStatus(200)
    assert.equal(a5.header('content-type'), 'application/pdf')
    const text = squeeze(pdfText(a5.body()).text)
    for (const expected of [
      'Кассовыйчек',
      'ИНН301234567',
      'ЮсуповаМаликаРустамовна',
      'Консультациякардиолога',
      'ЭхоКГ',
      '550000сум',
      'Наличные',
      'Приём',
      'талон №K-1',
    ]) {
      assert.include(text, squeeze(expected))
    }
    /* What the patient recognises (ticket, doctor, services), not database ids (issue 22 item 8). */
    assert.notInclude(text, `${tenant.slug.toUpperCase()}-${id}`)

    const uz = await clinic.cashier.get(`/api/payments/${id}/receipt.pdf?lang=uz&paper=80`)
    uz.assertStatus(200)
    const uzText = squeeze(pdfText(uz.body()).text)
    assert.include(uzText, 'kassacheki')
    assert.include(uzText, 'jami')
    assert.include(uzText, 'talon№k-1')
    const en = await clinic.cashier.get(`/api/payments/${id}/receipt.pdf?lang=en`)
    assert.include(squeeze(pdfText(en.body()).text), 'paymentmethod')

    const noPrinter = await clinic.cashier.post(`/api/payments/${id}/print`, {})
    noPrinter.assertStatus(200)
    assert.deepInclude(noPrinter.body(), {
      printed: false,
      reason: 'no_printer',
      pdf_url: `/api/payments/${id}/receipt.pdf?lang=ru&paper=80`,
    })
  })

  test("a visit without service lines: the receipt names the doctor's visit and the ticket, not a database id", async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const visit = await newVisit(clinic.registrar, clinic.doctors.therapy.id, [])
    const paid = await clinic.cashier.post('/api/payments/cash', { visit_id: visit.visitId })
    paid.assertStatus(201)
    const receipt = await clinic.cashier.get(`/api/payments/${paid.body().id}/receipt.pdf?lang=ru`)
    receipt.assertStatus(200)
    const text = squeeze(pdfText(receipt.body()).text)
    assert.include(text, squeeze('Приём врача: Рахимов Азиз'))
    assert.include(text, squeeze('02.03.2026, талон №T-1'))
    assert.notInclude(text, squeeze('Оплата визита'))
  })

  test('a payment without a visit is attached later; another visit is refused', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const init = await clinic.cashier.post('/api/payments/init', {
      provider: 'payme',
      amount: 550_000_00,
    })
    init.assertStatus(201)
    const id = init.body().payment_id
    assert.isNull(init.body().visit_id)

    const attached = await clinic.cashier.post(`/api/payments/${id}/attach-visit`, {
      visit_id: clinic.visitId,
    })
    attached.assertStatus(200)
    assert.equal(attached.body().visit_id, clinic.visitId)
    const visit = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    assert.equal(visit.body().payment_status, 'pending')

    const other = await newVisit(clinic.registrar, clinic.doctors.therapy.id, [
      clinic.services.therapy.id,
    ])
    const moved = await clinic.cashier.post(`/api/payments/${id}/attach-visit`, {
      visit_id: other.visitId,
    })
    moved.assertStatus(409)
    assert.equal(moved.body().error.code, 'PAYMENT_ATTACHED')

    const missing = await clinic.cashier.post('/api/payments/999999/attach-visit', {
      visit_id: clinic.visitId,
    })
    missing.assertStatus(404)
    assert.equal(missing.body().error.code, 'PAYMENT_NOT_FOUND')
  })

  test('two cashiers taking the same visit at once: one payment, never a double credit', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })
      )
    )
    const statuses = answers.map((answer) => answer.status()).sort()
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409])
    await inTenant(tenant, async () => {
      assert.lengthOf(await Payment.all(), 1)
    })
  })
})

test.group('Payments: the day summary', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('cash vs card vs online per day and branch, refunds apart; CSV and PDF', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('pay')
    const clinic = await paymentClinic(client, tenant)
    const detail = await clinic.cashier.get(`/api/payments/desk/visits/${clinic.visitId}`)
    const [consultation, echo] = detail.body().services
    await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [consultation.id],
    })
    const card = await clinic.cashier.post('/api/payments/cash', {
      visit_id: clinic.visitId,
      service_ids: [echo.id],
      method: 'card',
    })
    await clinic.cashier.post(`/api/payments/${card.body().id}/refund`, { amount: 50_000_00 })
    setLocalTime('2026-03-03T10:00:00')
    const other = await newVisit(clinic.registrar, clinic.doctors.therapy.id, [
      clinic.services.therapy.id,
    ])
    await clinic.cashier.post('/api/payments/cash', { visit_id: other.visitId })

    const summary = await clinic.cashier.get('/api/payments/summary?from=2026-03-01&to=2026-03-03')
    summary.assertStatus(200)
    assert.deepEqual(
      summary
        .body()
        .data.map((r: any) => [
          r.day,
          r.currency,
          r.cash,
          r.card,
          r.online,
          r.refunds,
          r.total,
          r.count,
        ]),
      [
        ['2026-03-02', 'UZS', 250_000_00, 300_000_00, 0, 50_000_00, 500_000_00, 2],
        ['2026-03-03', 'UZS', 150_000_00, 0, 0, 0, 150_000_00, 1],
      ]
    )

    const csv = await clinic.cashier.get(
      '/api/payments/summary.csv?from=2026-03-01&to=2026-03-03&lang=ru'
    )
    csv.assertStatus(200)
    const lines = csv
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    assert.equal(
      lines[0],
      'День;Филиал;Валюта;Платежей;Наличные;Карта;Онлайн;Возвраты;Возвраты наличными;В кассе;Итого'
    )
    assert.match(
      lines[1],
      /^2026-03-02;.*;UZS;2;250000\.00;300000\.00;0\.00;50000\.00;0\.00;250000\.00;500000\.00$/
    )

    const pdf = await clinic.cashier.get(
      '/api/payments/summary.pdf?from=2026-03-01&to=2026-03-03&lang=uz'
    )
    pdf.assertStatus(200)
    const text = squeeze(pdfText(pdf.body()).text)
    assert.include(text, squeeze('Toʻlovlar hisoboti'))
    assert.include(text, '650000')

    const registrarView = await clinic.registrar.get(
      '/api/payments/summary?from=2026-03-01&to=2026-03-03'
    )
    registrarView.assertStatus(200)
  })
})
