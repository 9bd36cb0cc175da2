/*
| Ticket printing speed, on static sample data (no app, no database):
|  1. ESC/POS ticket: translate + encode (target ≤ 2 ms median),
|  2. PDF ticket with the warm browser (target ≤ 100 ms median),
|  3. for reference: the browser's cold start, sending ESC/POS to a local
|     TCP "printer", the A4 QR poster and a 500-row registry PDF.
|
|   node_modules/.bin/node --import @poppinss/ts-exec benchmarks/tickets.ts
|
| Env: RUNS (default 200). Exits with 1 when a target is missed.
*/
import net from 'node:net'
import { encodeTicket } from '#services/printing/escpos_ticket'
import { sampleTicketData, ticketView } from '#services/printing/ticket_view'
import { renderTicketPdf } from '#services/printing/ticket_pdf'
import { renderPosterPdf } from '#services/printing/poster_pdf'
import { renderRegistryPdf, type ExportRow } from '#services/printing/registry_pdf'
import { sendToPrinter } from '#services/printing/network_printer'
import pdfService from '#services/printing/pdf_service'

const RUNS = Number(process.env.RUNS ?? 200)

interface Stats {
  median: number
  p95: number
  max: number
}

async function measure(
  runs: number,
  work: (i: number) => unknown | Promise<unknown>
): Promise<Stats> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work(i)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]
  return { median: at(0.5), p95: at(0.95), max: times[times.length - 1] }
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`
const line = (label: string, stats: Stats, target?: number) => {
  const verdict =
    target === undefined ? '' : stats.median <= target ? `  ✔ ≤ ${target} ms` : `  ✖ > ${target} ms`
  console.log(
    `${label.padEnd(44)} median ${ms(stats.median).padStart(10)}   p95 ${ms(stats.p95).padStart(10)}   max ${ms(stats.max).padStart(10)}${verdict}`
  )
  return target === undefined || stats.median <= target
}

const samples = [
  sampleTicketData(),
  sampleTicketData({ patientName: 'Oʻgʻiloy Gʻulomova', number: 118, paid: false, echo: false }),
]
const langs = ['ru', 'uz', 'en'] as const
let ok = true

console.log(`Tickets benchmark, ${RUNS} runs each\n`)

/* 1. ESC/POS */
for (let i = 0; i < 50; i++) encodeTicket(ticketView(samples[i % 2], langs[i % 3]), { paper: 80 })
ok =
  line(
    'ESC/POS ticket 80 mm (translate + encode)',
    await measure(RUNS, (i) =>
      encodeTicket(ticketView(samples[i % 2], langs[i % 3]), { paper: 80 })
    ),
    2
  ) && ok
ok =
  line(
    'ESC/POS ticket 58 mm (translate + encode)',
    await measure(RUNS, (i) =>
      encodeTicket(ticketView(samples[i % 2], langs[i % 3]), { paper: 58 })
    ),
    2
  ) && ok

/* 2. PDF */
const cold = await measure(1, () => renderTicketPdf(ticketView(samples[0], 'ru'), 80))
line('PDF ticket, cold (browser launch included)', cold)
await measure(10, (i) => renderTicketPdf(ticketView(samples[i % 2], langs[i % 3]), 80))
ok =
  line(
    'PDF ticket 80 mm, warm browser',
    await measure(RUNS, (i) => renderTicketPdf(ticketView(samples[i % 2], langs[i % 3]), 80)),
    100
  ) && ok
ok =
  line(
    'PDF ticket, 4 at once (per ticket)',
    await measure(Math.ceil(RUNS / 4), () =>
      Promise.all([0, 1, 2, 3].map((i) => renderTicketPdf(ticketView(samples[i % 2], 'ru'), 58)))
    ).then((stats) => ({ median: stats.median / 4, p95: stats.p95 / 4, max: stats.max / 4 })),
    100
  ) && ok

/* 3. For reference */
const printer = net.createServer((socket) => {
  socket.on('data', () => {})
  socket.on('end', () => socket.end())
})
await new Promise<void>((resolve) => printer.listen(0, '127.0.0.1', resolve))
const port = (printer.address() as net.AddressInfo).port
const bytes = encodeTicket(ticketView(samples[0], 'ru'), { paper: 80 })
line(
  'ESC/POS to a local TCP printer (send only)',
  await measure(RUNS, async () => {
    const result = await sendToPrinter({ host: '127.0.0.1', port }, bytes)
    if (!result.ok) throw new Error(result.error)
  })
)
await new Promise((resolve) => printer.close(resolve))

line(
  'QR poster A4',
  await measure(20, () =>
    renderPosterPdf({
      lang: 'ru',
      clinic: 'Клиника «Шифо-Мед»',
      specialist: { name: 'Юсупов Азиз Шухратович', specialty: 'cardiology', cabinet: '12' },
      day: '2026-03-12',
      opensAt: '07:00',
      url: `https://demo.example.uz/q/${'x'.repeat(180)}`,
    })
  )
)

const rows: ExportRow[] = Array.from({ length: 500 }, (_, i) => ({
  number: i + 1,
  ticket: `T-${i + 1}`,
  patient_name: ['Каримова Дилноза Рустамовна', 'Oʻgʻiloy Gʻulomova', 'Иванов Иван Иванович'][
    i % 3
  ],
  birth_year: 1950 + (i % 70),
  phone: `+99890${String(1000000 + i)}`,
  address: i % 4 === 0 ? 'Ташкент, Юнусабад 4-12-56' : null,
  doctor_name: 'Юсупов Азиз Шухратович',
  cabinet: '12',
  type: 'paid',
  payment_type: i % 2 ? 'cash' : 'card',
  payment_status: i % 3 ? 'paid' : 'unpaid',
  total: 250_000_00,
  currency: 'UZS',
  status: 'queued',
  services: [{ title: 'Консультация кардиолога', qty: 1 }],
}))
line(
  'Registry PDF, 500 rows, A4 landscape',
  await measure(5, () =>
    renderRegistryPdf(rows, {
      lang: 'ru',
      clinic: 'Клиника «Шифо-Мед»',
      day: '2026-03-12',
      filters: [],
      generatedAt: '12.03.2026 08:14',
      defaultCurrency: 'UZS',
    })
  )
)

await pdfService.close()
console.log(ok ? '\nAll targets met.' : '\nSome targets were missed.')
if (!ok) process.exitCode = 1
