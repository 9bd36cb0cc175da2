import { useI18n } from 'vue-i18n'
import { api } from '~/composables/use_api'
import { formatMoney } from '~/composables/use_registry_format'
import type { Locale } from '~/types/shared'

export type PaymentState = 'created' | 'pending' | 'paid' | 'canceled' | 'failed' | 'refunded'
export type OnlineProvider = 'stripe' | 'payme' | 'click'

export interface DeskPayment {
  id: number
  visit_id: number | null
  provider: 'cash' | 'card' | OnlineProvider
  method: 'cash' | 'card' | 'online'
  amount: number
  refunded_amount: number
  currency: string
  status: PaymentState
  checkout_url: string | null
  qr_svg?: string | null
  needs_review: boolean
  paid_at: string | null
  created_at: string | null
  items: { id: number; visit_service_id: number | null; title: string; qty: number; total: number }[]
  print?: PrintOutcome | null
}

export interface PrintOutcome {
  printed: boolean
  reason?: 'no_printer' | 'unreachable'
  pdf_url?: string
}

export interface DeskVisitRow {
  id: number
  status: string
  payment_status: string
  patient_name: string
  phone: string | null
  doctor: string
  number: number | null
  /** "T-12": the number with its queue's letter. */
  ticket: string | null
  total: number
  paid: number
  due: number
  currency: string
}

export interface DeskVisit extends DeskVisitRow {
  date: string
  birth_year: number | null
  /** The SSE channel of the visit's branch payments. */
  live_channel: string
  services: { id: number; title: string; qty: number; price: number; total: number; payment_status: PaymentState | null }[]
  payments: DeskPayment[]
}

/** One currency of a day's money at a branch (`GET /api/payments/summary`), minor units. */
export interface DaySummaryRow {
  day: string
  branch_id: number | null
  branch: string
  currency: string
  cash: number
  card: number
  online: number
  refunds: number
  cash_refunds: number
  drawer: number
  total: number
  count: number
}

/** This computer's workstation, as the registry panel stores it (REG-T9): its printer takes the receipts. */
export function workstationId(): number | null {
  const value = Number(localStorage.getItem('registry.workstation'))
  return Number.isInteger(value) && value > 0 ? value : null
}

/** The cash desk's API calls and money in the UI language. */
export function usePayments() {
  const { t, locale } = useI18n()
  const money = (minor: number, currency: string) =>
    formatMoney(minor, currency, locale.value as Locale, t(`registry.currency.${currency}`, currency))
  return {
    money,
    visits: (date: string, q: string) => api.get<{ data: DeskVisitRow[] }>('/api/payments/desk/visits', { date, q }),
    visit: (id: number) => api.get<DeskVisit>(`/api/payments/desk/visits/${id}`),
    payment: (id: number) => api.get<DeskPayment>(`/api/payments/${id}`),
    takeAtDesk: (body: { visit_id: number; amount: number; method: 'cash' | 'card'; service_ids?: number[] }) =>
      api.post<DeskPayment>('/api/payments/cash', {
        ...body,
        workstation_id: workstationId(),
        lang: locale.value,
      }),
    init: (body: { provider: OnlineProvider; visit_id: number; amount: number; service_ids?: number[] }) =>
      api.post<DeskPayment>('/api/payments/init', body),
    refund: (id: number, body: { amount?: number; reason?: string }) =>
      api.post<DeskPayment>(`/api/payments/${id}/refund`, body),
    print: (id: number) =>
      api.post<PrintOutcome>(`/api/payments/${id}/print`, { workstation_id: workstationId(), lang: locale.value }),
    /** The day's money at a branch (cash desk summary, REG-R13). */
    daySummary: (day: string, branchId: number) =>
      api.get<{ data: DaySummaryRow[] }>('/api/payments/summary', { from: day, to: day, branch_id: branchId }),
    daySummaryPdfUrl: (day: string, branchId: number) =>
      `/api/payments/summary.pdf?from=${day}&to=${day}&branch_id=${branchId}&lang=${locale.value}`,
    receiptUrl: (id: number, paper: 'a5' | '80') => `/api/payments/${id}/receipt.pdf?lang=${locale.value}&paper=${paper}`,
  }
}
