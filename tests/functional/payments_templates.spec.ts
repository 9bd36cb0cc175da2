import http from 'node:http'
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { clock } from '#services/clock'
import { pdfText } from '#tests/helpers/pdf_text'
import { createTestTenant } from '#tests/helpers/tenants'
import { setLocalTime } from '#tests/helpers/registry'
import { adminApi } from '#tests/helpers/admin_api'
import { paymentClinic } from '#tests/helpers/payments'

/** PDF text without whitespace and case (headings are upper-cased by CSS). */
const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase()
const textOf = (pdf: Buffer) => squeeze(pdfText(pdf).text)

/** A clinic with a paid cash payment; the admin edits its print templates. */
async function paidReceipt(client: ApiClient) {
  const tenant = await createTestTenant('tpl')
  const clinic = await paymentClinic(client, tenant)
  const paid = await clinic.cashier.post('/api/payments/cash', { visit_id: clinic.visitId })
  paid.assertStatus(201)
  const admin = await adminApi(client, tenant, 'admin', undefined, 'ru')
  const receipt = async () => {
    const response = await clinic.cashier.get(
      `/api/payments/${paid.body().id}/receipt.pdf?lang=ru&paper=a5`
    )
    response.assertStatus(200)
    return textOf(response.body())
  }
  const saveTemplate = (key: 'receipt' | 'ticket', source: string | null) =>
    admin.put('/api/admin/settings', { values: { [`printing.template.${key}`]: source } })
  return { tenant, clinic, admin, receipt, saveTemplate }
}

/** A local listener that counts every request (and bare connection) a rendered page might make. */
async function listener(port: number) {
  const hits: string[] = []
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '')
    response.end('ok')
  })
  const connections: number[] = []
  server.on('connection', () => connections.push(Date.now()))
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    hits,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const OWN_RECEIPT = `<html><body>
<h1>Квитанция клиники</h1>
<p>Чек номер {{number}}</p>
<p>Пациент {{patient}}</p>
{{#each items}}<p>Строка {{title}}</p>{{/each}}
<p>Итого к оплате {{total}}</p>
</body></html>`

test.group('Payments: the clinic receipt and ticket templates', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('a saved receipt template changes the receipt PDF; reset to null brings the built-in one back', async ({
    client,
    assert,
  }) => {
    const { receipt, saveTemplate } = await paidReceipt(client)
    const builtIn = await receipt()
    assert.include(builtIn, 'кассовыйчек')

    ;(await saveTemplate('receipt', OWN_RECEIPT)).assertStatus(200)
    const own = await receipt()
    for (const expected of [
      'квитанцияклиники',
      'пациентюсуповамаликарустамовна,1990',
      'строкаконсультациякардиолога',
      'строкаэхокг',
      'итогокоплате550000',
    ]) {
      assert.include(own, expected)
    }
    assert.notInclude(own, 'кассовыйчек')

    ;(await saveTemplate('receipt', null)).assertStatus(200)
    assert.equal(await receipt(), builtIn)
  })

  test('a broken template is refused with 422 in the user language and not saved; one failing at render time falls back to the built-in receipt', async ({
    client,
    assert,
  }) => {
    const { receipt, saveTemplate, admin } = await paidReceipt(client)
    const broken = await saveTemplate('receipt', '<h1>{{#each items}}<p>{{title}}</p></h1>')
    broken.assertStatus(422)
    assert.deepEqual(
      broken.body().errors.map((e: any) => [e.field, e.rule, e.message]),
      [['values.printing.template.receipt', 'template', 'В шаблоне ошибка синтаксиса.']]
    )
    const settings = await admin.get('/api/admin/settings')
    assert.isNull(settings.body().values['printing.template.receipt'])

    /* Parses, but names a partial that does not exist: the receipt still comes out, built-in. */
    ;(await saveTemplate('receipt', '<h1>Свой чек</h1>{{> footer}}')).assertStatus(200)
    const text = await receipt()
    assert.include(text, 'кассовыйчек')
    assert.notInclude(text, 'свойчек')
  })

  test('a saved ticket template changes the PDF ticket', async ({ client, assert }) => {
    const { clinic, saveTemplate } = await paidReceipt(client)
    const row = await clinic.registrar.post('/api/registry/rows', {
      patient: { fio: 'Каримов Бахтиёр', birth_year: 1975, phone: '901110005' },
      doctor_id: clinic.doctors.therapy.id,
    })
    const ticket = async () => {
      const response = await clinic.registrar.get(
        `/api/queue/print-ticket/${row.body().entry_id}?lang=ru`
      )
      response.assertStatus(200)
      return textOf(response.body())
    }
    ;(
      await saveTemplate('ticket', '<body><p>Талон клиники {{number}}</p><p>{{patient}}</p></body>')
    ).assertStatus(200)
    const own = await ticket()
    assert.include(own, 'талонклиникиt-1')
    assert.include(own, 'каримовбахтиёр')
    ;(await saveTemplate('ticket', null)).assertStatus(200)
    assert.notInclude(await ticket(), 'талонклиники')
  })

  test('the admin gets the built-in source and its variables, and previews an unsaved template as a PDF', async ({
    client,
    assert,
  }) => {
    const { admin, clinic } = await paidReceipt(client)
    const guide = await admin.get('/api/admin/print-templates/receipt')
    guide.assertStatus(200)
    assert.include(guide.body().source, '{{clinic}}')
    const variables = Object.fromEntries(guide.body().variables.map((v: any) => [v.name, v]))
    assert.include(variables.clinic, { example: 'Клиника «Шифо-Мед»' })
    assert.sameMembers(variables.items.fields, ['title', 'qty', 'price', 'total'])
    assert.isTrue(variables.qrSvg.raw)
    const ticketGuide = await admin.get('/api/admin/print-templates/ticket?lang=uz')
    assert.include(ticketGuide.body().source, '{{number}}')
    ;(await admin.get('/api/admin/print-templates/prescription')).assertStatus(404)

    const preview = await admin.post('/api/admin/print-templates/receipt/preview', {
      source: OWN_RECEIPT,
    })
    preview.assertStatus(200)
    assert.equal(preview.header('content-type'), 'application/pdf')
    assert.include(textOf(preview.body()), 'пациенткаримовадилнозарустамовна,1985')
    const builtInPreview = await admin.post('/api/admin/print-templates/ticket/preview', {
      source: ticketGuide.body().source,
      lang: 'uz',
    })
    assert.include(textOf(builtInPreview.body()), 'navbattaloni')

    const broken = await admin.post('/api/admin/print-templates/receipt/preview', {
      source: '{{#if total}}<p>',
    })
    broken.assertStatus(422)
    assert.equal(broken.body().errors[0].field, 'source')
    assert.equal(broken.body().errors[0].message, 'В шаблоне ошибка синтаксиса.')
    const failing = await admin.post('/api/admin/print-templates/receipt/preview', {
      source: '{{> footer}}',
    })
    failing.assertStatus(422)
    assert.equal(failing.body().errors[0].rule, 'templateRender')
    const settings = await admin.get('/api/admin/settings')
    assert.isNull(settings.body().values['printing.template.receipt'], 'a preview saves nothing')

    const cashier = await clinic.cashier.post('/api/admin/print-templates/receipt/preview', {
      source: OWN_RECEIPT,
    })
    cashier.assertStatus(403)
  })

  test('a clinic template runs no script, reaches no network and sees no prototypes', async ({
    client,
    assert,
  }) => {
    const { receipt, saveTemplate } = await paidReceipt(client)
    const local = await listener(3548)
    try {
      const hostile = `<html><head>
<link rel="stylesheet" href="http://127.0.0.1:3548/style.css">
<style>body { background: url(http://127.0.0.1:3548/background.png) }</style>
</head><body>
<p id="out">Без скрипта</p>
<script>document.getElementById('out').textContent = 'Скрипт сработал'; fetch('http://127.0.0.1:3548/fetch')</script>
<img src="http://127.0.0.1:3548/pixel.png">
<iframe src="http://127.0.0.1:3548/frame"></iframe>
<p>Прототип [{{constructor.name}}] [{{items.constructor.name}}] [{{__proto__}}]</p>
</body></html>`
      ;(await saveTemplate('receipt', hostile)).assertStatus(200)
      const text = await receipt()
      assert.include(text, 'безскрипта')
      assert.notInclude(text, 'скриптсработал')
      assert.include(text, 'прототип[][][]')
      await new Promise((resolve) => setTimeout(resolve, 300))
      assert.deepEqual(local.hits, [], 'no request reached the local listener')
      assert.lengthOf(local.connections, 0, 'not even a preconnect')
    } finally {
      await local.close()
    }
  })
})
