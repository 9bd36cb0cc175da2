/** Paper widths of ticket printers in millimetres: 58 (32 columns) and 80 (48 columns). */
export const PAPER_WIDTHS = [58, 80] as const
export type PaperWidth = (typeof PAPER_WIDTHS)[number]

/** Languages of tickets and printed documents (decision 8). */
export const TICKET_LANGS = ['ru', 'uz', 'en'] as const
export type TicketLang = (typeof TICKET_LANGS)[number]
