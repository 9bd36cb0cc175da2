import { test } from '@japa/runner'
import { clock } from '#services/clock'
import { createTestTenant } from '#tests/helpers/tenants'
import { boardState, createBoard, deskRow } from '#tests/helpers/boards'
import { pdfText } from '#tests/helpers/pdf_text'
import {
  joinQueue,
  putSettings,
  setLocalTime,
  setupRegistry,
  staffApi,
} from '#tests/helpers/registry'

/**
 * Issue 22 item 7: with one queue per specialist, five patients held "№1" at
 * once. Each queue now has a letter (by specialty, set in admin), carried by
 * the ticket everywhere it is shown: registry, doctor's queue, phone page,
 * board, voice, printed ticket, exports.
 */
test.group('Queue: ticket letters', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T07:30:00')
    return () => clock.reset()
  })

  test('the first tickets of three specialists are T-1, K-1 and S-1, in the registry and the queue', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('tpx')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)

    const therapy = await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234501')
    const cardiology = await deskRow(desk, doctors.cardiology.id, 'Юсупов Азиз', '+998901234502')
    const dentistry = await deskRow(desk, doctors.dentistry.id, 'Ким Елена', '+998901234503')
    assert.deepEqual(
      [therapy, cardiology, dentistry].map((created) => [created.number, created.ticket]),
      [
        [1, 'T-1'],
        [1, 'K-1'],
        [1, 'S-1'],
      ]
    )

    const rows = (await desk.get('/api/registry?date=2026-03-02')).body().data
    assert.sameMembers(
      rows.map((row: any) => row.ticket),
      ['T-1', 'K-1', 'S-1']
    )
    const today = await desk.get(`/api/queue/today?specialist_id=${doctors.dentistry.id}`)
    today.assertStatus(200)
    assert.equal(today.body().entries[0].ticket, 'S-1')

    const csv = await desk.get('/api/registry/export.csv?date=2026-03-02')
    csv.assertStatus(200)
    assert.include(csv.text(), 'S-1;')
  })

  test('a phone joining online gets its lettered number back, on the answer and the status', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('tpx')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const qr = await desk.post('/api/queue/qrcode', { specialist_id: doctors.dentistry.id })
    const joined = await joinQueue(client, tenant, { token: qr.body().token, phone: '901300001' })
    joined.assertStatus(200)
    assert.include(joined.body(), { number: 3, ticket: 'S-3', duplicate: false })
    const again = await joinQueue(client, tenant, { token: qr.body().token, phone: '901300001' })
    assert.include(again.body(), { number: 3, ticket: 'S-3', duplicate: true })
  })

  test("an admin's letter applies to the next day's queue; today's tickets keep theirs; '' means none", async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('tpx')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    await deskRow(desk, doctors.dentistry.id, 'Первый Пациент', '+998901234511')

    await putSettings(client, tenant, {
      'queue.ticket_prefix.dentistry': 'д',
      'queue.ticket_prefix.therapy': '',
    })
    const second = await deskRow(desk, doctors.dentistry.id, 'Второй Пациент', '+998901234512')
    assert.equal(second.ticket, 'S-2', 'a queue keeps the letter of its day')
    const plain = await deskRow(desk, doctors.therapy.id, 'Третий Пациент', '+998901234513')
    assert.equal(plain.ticket, '1', 'no letter: the bare number')

    setLocalTime('2026-03-03T08:00:00')
    const nextDay = await deskRow(desk, doctors.dentistry.id, 'Четвёртый Пациент', '+998901234514')
    assert.equal(nextDay.ticket, 'Д-1', 'the new letter (upper case, any script) from the next day')
  })

  test('a letter that is not letters, or too long, is refused with its field', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('tpx')
    const admin = await staffApi(client, tenant, 'admin')
    for (const bad of ['1', 'ABCD', 'A-']) {
      const refused = await admin.put('/api/admin/settings', {
        values: { 'queue.ticket_prefix.therapy': bad },
      })
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, 'values.queue.ticket_prefix.therapy')
    }
    const settings = (await admin.get('/api/admin/settings')).body().values
    assert.equal(settings['queue.ticket_prefix.therapy'], 'T')
    assert.equal(settings['queue.ticket_prefix.dentistry'], 'S')
  })

  test('the printed ticket (PDF and paper) and the board carry the letter', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('tpx')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant)
    const created = await deskRow(desk, doctors.cardiology.id, 'Юсупов Азиз', '+998901234521')

    const pdf = await desk.post(`/api/queue/print-ticket/${created.entry_id}?format=pdf&lang=ru`)
    pdf.assertStatus(200)
    assert.include(pdfText(pdf.body() as Buffer).text.replace(/\s+/g, ''), '№K-1')
    const paper = await desk.post(
      `/api/queue/print-ticket/${created.entry_id}?format=escpos&lang=uz&paper=58`
    )
    paper.assertStatus(200)
    assert.isAbove((paper.body() as Buffer).indexOf(Buffer.from('K-1', 'latin1')), 0)

    const state = (await boardState(client, tenant, board.key)).body()
    const cardiologist = state.specialists.find((s: any) => s.id === doctors.cardiology.id)
    assert.deepEqual(cardiologist.queue, [{ ticket: 'K-1', number: 1, status: 'in_queue' }])
  })
})
