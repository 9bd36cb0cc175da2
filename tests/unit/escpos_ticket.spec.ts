import { test } from '@japa/runner'
import { COLUMNS, encodeTicket, toPrinterText } from '#services/printing/escpos_ticket'
import { sampleTicketData, ticketView } from '#services/printing/ticket_view'

/** cp866 bytes of a Russian text (А–п: 0x80–0xAF, р–я: 0xE0–0xEF). */
function cp866(text: string) {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!
      if (code < 0x80) return code
      if (code >= 0x410 && code <= 0x43f) return code - 0x410 + 0x80
      if (code >= 0x440 && code <= 0x44f) return code - 0x440 + 0xe0
      if (ch === '№') return 0xfc
      throw new Error(`no cp866 byte for ${ch}`)
    })
  )
}

const ESC = 0x1b
const GS = 0x1d

/** Printed text of each line: ESC/POS commands and control bytes removed. */
function printedLines(bytes: Uint8Array) {
  return Buffer.from(bytes)
    .toString('latin1')
    .split('\n')
    .map((line) =>
      // eslint-disable-next-line no-control-regex -- ESC/POS commands are control bytes
      line.replace(/\x1b[@M!EtB-]?.|\x1d[!B]?.|\x1d.|\x1c.|[\x00-\x1f]/g, '')
    )
}

const ticket = (lang: 'ru' | 'uz' | 'en', overrides = {}) =>
  ticketView(sampleTicketData(overrides), lang)

test.group('ESC/POS ticket', () => {
  test('starts with ESC @ and selects code page 866 with ESC t 17', ({ assert }) => {
    const bytes = Buffer.from(encodeTicket(ticket('ru'), { paper: 80 }))
    assert.deepEqual([...bytes.subarray(0, 2)], [ESC, 0x40])
    const select = bytes.indexOf(Buffer.from([ESC, 0x74, 17]))
    assert.isAbove(select, 0)
    assert.isBelow(select, bytes.indexOf(cp866('Клиника')), 'before the first Cyrillic text')
  })

  test('Cyrillic names and labels are cp866 bytes; nothing falls back to "?"', ({ assert }) => {
    const bytes = Buffer.from(encodeTicket(ticket('ru'), { paper: 80 }))
    assert.isAbove(bytes.indexOf(cp866('Пациент: Каримова Дилноза Рустамовна')), 0)
    assert.isAbove(bytes.indexOf(cp866('Врач: Юсупов Азиз Шухратович')), 0)
    assert.isAbove(bytes.indexOf(cp866('Кабинет: 12')), 0)
    assert.isAbove(bytes.indexOf(cp866('ТАЛОН В ОЧЕРЕДЬ')), 0)
    assert.isAbove(bytes.indexOf(cp866('ОПЛАЧЕНО')), 0)
    assert.isAbove(bytes.indexOf(cp866('+ ЭхоКГ - по этому же номеру')), 0)
    assert.isAbove(bytes.indexOf(cp866('Клиника "Шифо-Мед"')), 0, '«» become straight quotes')
    assert.equal(bytes.indexOf(0x3f), -1, 'no "?" replacement characters')
  })

  test('Uzbek Latin: oʻ/gʻ and ’ ‘ apostrophes print as ASCII apostrophes', ({ assert }) => {
    const bytes = encodeTicket(ticket('uz', { patientName: 'Oʻgʻiloy Gʻulomova’ ‘Toʼxtayeva' }), {
      paper: 80,
    })
    const text = Buffer.from(bytes).toString('latin1')
    assert.include(text, "Bemor: O'g'iloy G'ulomova' 'To'xtayeva")
    assert.include(text, " TO'LANGAN ")
    assert.include(text, "1985-yilda tug'ilgan")
    assert.include(text, "Avvalgi EKG va xulosalaringiz bo'lsa")
    assert.notInclude(text, '?')
  })

  test('the number is printed 4 × 4 (GS ! 0x33) and bold, then back to normal size', ({
    assert,
  }) => {
    const bytes = Buffer.from(encodeTicket(ticket('ru', { number: 117 }), { paper: 58 }))
    const big = bytes.indexOf(Buffer.from([GS, 0x21, 0x33]))
    assert.isAbove(big, 0)
    assert.deepEqual(
      [...bytes.subarray(big + 3, big + 8)],
      [...cp866('№ 117')],
      'the number right after the size command'
    )
    const normal = bytes.indexOf(Buffer.from([GS, 0x21, 0x00]), big)
    assert.isAbove(normal, big)
    const bold = bytes.lastIndexOf(Buffer.from([ESC, 0x45, 0x01]), big)
    assert.isAbove(bold, 0)
  })

  test('the paid mark is inverted (GS B 1) and absent when unpaid; EchoCG line only with echo', ({
    assert,
  }) => {
    const paid = Buffer.from(encodeTicket(ticket('ru'), { paper: 80 }))
    assert.isAbove(paid.indexOf(Buffer.from([GS, 0x42, 0x01])), 0)
    const unpaid = Buffer.from(
      encodeTicket(ticket('ru', { paid: false, echo: false }), { paper: 80 })
    )
    assert.equal(unpaid.indexOf(cp866('ОПЛАЧЕНО')), -1)
    assert.equal(unpaid.indexOf(cp866('ЭхоКГ')), -1)
    assert.equal(unpaid.indexOf(Buffer.from([GS, 0x42, 0x01])), -1)
  })

  test('ends with a feed and a partial cut (GS V 1)', ({ assert }) => {
    const bytes = Buffer.from(encodeTicket(ticket('en'), { paper: 80 }))
    const cut = bytes.lastIndexOf(Buffer.from([GS, 0x56, 0x01]))
    assert.isAbove(cut, 0)
    assert.isAtLeast(bytes.length - cut, 3)
    assert.isAtMost(bytes.length - cut, 5)
    const beforeCut = bytes.subarray(cut - 4, cut).toString('latin1')
    assert.equal(beforeCut, '\n\n\n\n', 'four line feeds so the text clears the cutter')
  })

  test('58 mm paper wraps at 32 columns, 80 mm at 48', ({ assert }) => {
    assert.deepEqual(COLUMNS, { 58: 32, 80: 48 })
    const long = {
      patientName: 'Абдурахмонова-Исмоилова Дилнозахон Рустамовна',
      address: 'Ташкент, Мирзо-Улугбекский район, улица Буюк Ипак Йули, дом 15',
    }
    for (const [paper, columns] of [
      [58, 32],
      [80, 48],
    ] as const) {
      const bytes = encodeTicket(ticket('ru', long), { paper })
      const lines = printedLines(bytes)
      for (const line of lines) assert.isAtMost(line.length, columns, JSON.stringify(line))
      const rule = Buffer.from([0xc4]).toString('latin1').repeat(columns)
      assert.isTrue(
        lines.some((line) => line === rule),
        `a full-width rule of ${columns} box-drawing characters`
      )
      const when = lines.find((line) => line.startsWith('12.03.2026'))!
      assert.equal(when.length, columns, 'date left, time right')
      assert.isTrue(when.endsWith('07:42'))
    }
  })

  test('toPrinterText maps what cp866 lacks to what it has', ({ assert }) => {
    assert.equal(toPrinterText('Oʻzbekiston gʻalla’si ‘a’ `b´'), "O'zbekiston g'alla'si 'a' 'b'")
    assert.equal(toPrinterText('«Шифо» — №1 … ok'), '"Шифо" - №1 ... ok')
    assert.equal(
      toPrinterText('Әлия Қасымқызы Ұлы Өмір Һ і ғ ң ү'),
      'Алия Касымкызы Улы Омир Х и г н у'
    )
    assert.equal(toPrinterText('Ўзбекистон Тошкент Ҳ қ'), 'Ўзбекистон Тошкент Х к')
    assert.equal(toPrinterText('Şükür Ğalım Ñ Ä ö'), 'Sukur Galim N A o')
    assert.equal(toPrinterText('Ёлкин й'), 'Ёлкин й', 'й and ё are in cp866 and keep their marks')
    assert.equal(toPrinterText('smile 😀'), 'smile ?')
  })

  test('a ticket without patient, cabinet or hint still prints', ({ assert }) => {
    const view = ticketView(
      sampleTicketData({
        patientName: null,
        birthYear: null,
        address: null,
        specialist: { name: 'ЭКГ', specialty: 'unknown', cabinet: null },
        paid: false,
        echo: false,
      }),
      'ru'
    )
    const text = Buffer.from(encodeTicket(view, { paper: 58 })).toString('latin1')
    const bytes = Buffer.from(text, 'latin1')
    assert.equal(bytes.indexOf(cp866('Пациент')), -1)
    assert.equal(bytes.indexOf(cp866('Кабинет')), -1)
    assert.isAbove(bytes.indexOf(cp866('№ 17')), 0)
    assert.isAbove(bytes.indexOf(cp866('Врач: ЭКГ')), 0)
  })
})
