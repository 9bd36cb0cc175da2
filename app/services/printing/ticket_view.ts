import type { TicketLang } from '#services/printing/printing_types'
import { optionalText, ticketTranslator } from '#services/printing/ticket_texts'
import { ticketLabel } from '#services/queue/ticket_label'

/** What a queue ticket shows, before translation (spec §1.7). */
export interface TicketData {
  entryId: number
  clinic: string
  /** The clinic's logo as a data: URL (PDFs render offline), or null. */
  logo: string | null
  /** Shown when the clinic has several branches. */
  branch: string | null
  address: string | null
  /** Issue moment in the branch's zone. */
  date: string
  time: string
  number: number
  /** The number as people read it, with the queue's letter: "T-12". */
  ticket: string
  patientName: string | null
  birthYear: number | null
  specialist: { name: string; specialty: string; cabinet: string | null }
  paid: boolean
  echo: boolean
  /** The branch's language, the default for its tickets. */
  locale: string
}

/** The ticket, translated: every line ready for paper or PDF. */
export interface TicketView {
  lang: TicketLang
  title: string
  clinic: string
  logo: string | null
  branch: string | null
  address: string | null
  date: string
  time: string
  number: string
  numberText: string
  patientLabel: string
  patient: string | null
  birthYear: string | null
  specialistLabel: string
  specialist: string
  specialty: string | null
  cabinetLabel: string
  cabinet: string | null
  paid: string | null
  echo: string | null
  hint: string | null
  footer: string
}

/** Translates a ticket into `lang`. Pure: no I/O once the language file is loaded. */
export function ticketView(data: TicketData, lang: TicketLang): TicketView {
  const t = ticketTranslator(lang)
  const specialty = data.specialist.specialty
  return {
    lang,
    title: t('title'),
    clinic: data.clinic,
    logo: data.logo,
    branch: data.branch,
    address: data.address,
    date: data.date,
    time: data.time,
    number: data.ticket,
    numberText: t('number', { number: data.ticket }),
    patientLabel: t('patient'),
    patient: data.patientName,
    birthYear: data.birthYear ? t('birth_year', { year: data.birthYear }) : null,
    specialistLabel: t('specialist'),
    specialist: data.specialist.name,
    specialty: optionalText(lang, `specialties.${specialty}`) ?? null,
    cabinetLabel: t('cabinet'),
    cabinet: data.specialist.cabinet,
    paid: data.paid ? t('paid') : null,
    echo: data.echo ? t('echo') : null,
    hint: optionalText(lang, `hints.${specialty}`) ?? null,
    footer: t('footer'),
  }
}

/** A sample ticket for benchmarks, previews and tests. */
export function sampleTicketData(overrides: Partial<TicketData> = {}): TicketData {
  return {
    entryId: 1,
    clinic: 'Клиника «Шифо-Мед»',
    logo: null,
    branch: null,
    address: 'Ташкент, ул. Амира Темура, 15',
    date: '12.03.2026',
    time: '07:42',
    number: overrides.number ?? 17,
    ticket: ticketLabel(null, overrides.number ?? 17),
    patientName: 'Каримова Дилноза Рустамовна',
    birthYear: 1985,
    specialist: { name: 'Юсупов Азиз Шухратович', specialty: 'cardiology', cabinet: '12' },
    paid: true,
    echo: true,
    locale: 'ru',
    ...overrides,
  }
}
