import QRCode from 'qrcode'
import { TICKET_LANGS, type TicketLang } from '#services/printing/printing_types'
import { optionalText, ticketTranslator } from '#services/printing/ticket_texts'
import { formatLongDay } from '#services/printing/formatting'
import { renderTemplate } from '#services/printing/templates'
import pdfService from '#services/printing/pdf_service'

export interface PosterData {
  lang: TicketLang
  clinic: string
  specialist: { name: string; specialty: string; cabinet: string | null }
  day: string
  /** "07:00": when the morning window opens. */
  opensAt: string
  url: string
}

/**
 * The A4 poster of a day's morning queue: a big QR of the join URL and
 * "Scan from 07:00" in the poster's language first, then the other two.
 */
export async function posterHtml(data: PosterData) {
  const t = ticketTranslator(data.lang)
  const others = TICKET_LANGS.filter((lang) => lang !== data.lang)
  const specialty = optionalText(data.lang, `specialties.${data.specialist.specialty}`)
  const qrSvg = await QRCode.toString(data.url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 0,
    color: { dark: '#0f172a', light: '#ffffff' },
  })
  return renderTemplate('queue_poster', {
    lang: data.lang,
    clinic: data.clinic,
    title: t('poster.title'),
    heading: specialty ?? data.specialist.name,
    showDoctor: !!specialty,
    specialist: data.specialist.name,
    cabinetLabel: t('cabinet'),
    cabinet: data.specialist.cabinet,
    dayText: formatLongDay(data.day, data.lang),
    qrSvg,
    scan: t('poster.scan', { time: data.opensAt }),
    otherScans: others.map((lang) => ({
      lang,
      text: ticketTranslator(lang)('poster.scan', { time: data.opensAt }),
    })),
    steps: t('poster.steps'),
    memo: t('poster.memo'),
    otherSteps: others.map((lang) => ({ lang, text: ticketTranslator(lang)('poster.steps') })),
    linkLabel: t('poster.link'),
    url: data.url,
  })
}

export async function renderPosterPdf(data: PosterData) {
  return pdfService.render(await posterHtml(data), { format: 'A4' })
}
