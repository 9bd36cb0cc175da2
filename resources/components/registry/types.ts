/** Shapes of the registry page props and of the staff API it calls. */

export const TABS = ['universal', 'cardiology', 'echo', 'ecg', 'dermatology', 'dentistry'] as const
export type RegistryTab = (typeof TABS)[number]

export const VISIT_STATUSES = [
  'planned',
  'confirmed',
  'queued',
  'in_progress',
  'done',
  'canceled',
  'no_show',
] as const
export type VisitStatus = (typeof VISIT_STATUSES)[number]

export const PAYMENT_STATUSES = ['unpaid', 'pending', 'partial', 'paid', 'refunded'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export const VISIT_TYPES = ['paid', 'repeat', 'benefit'] as const
export type VisitType = (typeof VISIT_TYPES)[number]

export const PAYMENT_TYPES = ['cash', 'card', 'online'] as const
export type PaymentType = (typeof PAYMENT_TYPES)[number]

export type EntryStatus =
  'waiting' | 'called' | 'in_progress' | 'done' | 'skipped' | 'frozen' | 'canceled' | 'transferred'
export type RowSource = 'desk' | 'online' | 'telegram' | 'pwa' | 'booking'

export interface Doctor {
  id: number
  full_name: string
  specialty: string
  cabinet: string | null
  branch_id: number
  price_default: number
}

export interface Service {
  id: number
  title: string
  code: string | null
  category: string
  price: number
  currency: string
  /** The branches' own prices; a row costs its doctor's branch price (ADM-R5). */
  branch_prices: { branch_id: number; price: number }[]
}

/** A service's price in a branch: the branch's own price, else the catalog price (as the server prices). */
export function priceIn(service: Service, branchId: number | null | undefined) {
  return service.branch_prices.find((own) => own.branch_id === branchId)?.price ?? service.price
}

export interface RegistrySettings {
  /** The branch's IANA zone: times on the panel are the clinic's, whatever the computer says. */
  timezone: string
  currency: string
  phone_country: string
  online_start_hour: number
  online_auto_close: string | null
}

/** A front-desk computer with its ticket printer and language (REG-T9). */
export interface Workstation {
  id: number
  name: string
  lang: 'ru' | 'uz' | 'en'
  paper_width: 58 | 80
  has_printer: boolean
}

export interface RegistryPageProps {
  today: string
  branchId: number
  doctors: Doctor[]
  services: Service[]
  workstations: Workstation[]
  /** The server's visit status moves (decision 2), by current status. */
  transitions: Record<VisitStatus, VisitStatus[]>
  /** Statuses whose visit may move to another day. */
  reschedulable: VisitStatus[]
  settings: RegistrySettings
  canWrite: boolean
  /** May call tickets to the board (`queue.call`). */
  canCall: boolean
  /** May open the cash desk (`payments.read`): the rows' "Pay". */
  canPay?: boolean
  /** The branch's SSE channel of registry events. */
  liveChannel: string
}

export interface RowService {
  id: number
  title: string
  category: string
  qty: number
  price: number
}

export interface Row {
  key: string
  entry_id: number | null
  visit_id: number | null
  number: number | null
  /** The number with its queue's letter, as printed and called: "T-12". */
  ticket: string | null
  patient_id: number | null
  patient_name: string | null
  birth_year: number | null
  phone: string | null
  address: string | null
  doctor_id: number
  doctor_name: string | null
  cabinet: string | null
  specialty: string | null
  type: VisitType | null
  payment_type: PaymentType | null
  payment_status: PaymentStatus | null
  total: number | null
  currency: string | null
  status: VisitStatus | null
  entry_status: EntryStatus | null
  source: RowSource | null
  echo: boolean
  doctor_cost: number | null
  services: RowService[]
  created_at: string | null
}

export interface RegistryMeta {
  total: number
  page: number
  per_page: number
  last_page: number
}

export interface QueueState {
  doctor_id: number
  opened_at: string | null
}

export interface RegistryResponse {
  data: Row[]
  meta: RegistryMeta
  day?: string
  queues?: QueueState[]
}

export interface PatientMatch {
  id: number
  full_name: string
  birth_year: number | null
  phone: string | null
  address: string | null
  visits_today: {
    visit_id: number
    doctor_id: number
    number: number | null
    ticket: string | null
    status: VisitStatus
  }[]
  online_entries: { entry_id: number; doctor_id: number; number: number; ticket: string }[]
}

export interface CalendarVisit {
  id: number
  date: string
  doctor_id: number
  patient_name: string | null
  status: VisitStatus
  number: number | null
  ticket: string | null
}

export interface CreatedRow {
  row: Row
  visit_id: number
  entry_id: number | null
  number: number | null
  ticket: string | null
}

export interface PrintAnswer {
  printed: boolean
  reason?: string
  pdf_url?: string
}

/** A hint on a draft row: the patient already has a visit or holds an online number. */
export interface DraftHint {
  kind: 'visit_today' | 'online' | 'visit_exists' | 'patient_exists' | 'limit'
  /** The ticket as people read it ("T-12"), or the bare number where no label is known. */
  number?: number | string | null
  visit_id?: number
  entry_id?: number | null
  status?: string
  can_return?: boolean
  patient_id?: number
  patient_name?: string
  doctor_id?: number
}

/** An empty row at the bottom of the table that becomes a record on Enter. */
export interface Draft {
  key: string
  draft: true
  fio: string
  birth_year: string
  phone: string
  address: string
  doctor_id: number | null
  type: VisitType
  payment_type: PaymentType | null
  services: number[]
  echo: boolean
  doctor_cost: number | null
  /** An existing patient picked from the autocomplete. */
  patient_id: number | null
  hints: DraftHint[]
  errors: Record<string, string>
  saving: boolean
}

/** A row of the table not loaded yet (lazy virtual scrolling). */
export interface Placeholder {
  key: string
  placeholder: true
}

export type TableItem = Row | Draft | Placeholder

export function isDraft(item: TableItem | null | undefined): item is Draft {
  return !!item && (item as Draft).draft === true
}

export function isPlaceholder(item: TableItem | null | undefined): item is Placeholder {
  return !!item && (item as Placeholder).placeholder === true
}

export function isRow(item: TableItem | null | undefined): item is Row {
  return !!item && !isDraft(item) && !isPlaceholder(item)
}

/** The specialty behind each tab (EchoCG rows are cardiology rows). */
export const TAB_SPECIALTY: Record<RegistryTab, string | null> = {
  universal: null,
  cardiology: 'cardiology',
  echo: 'cardiology',
  ecg: 'ecg',
  dermatology: 'dermatology',
  dentistry: 'dentistry',
}

/** Service categories offered in each tab's checklist (null: every category). */
export const TAB_CATEGORIES: Record<RegistryTab, string[] | null> = {
  universal: null,
  cardiology: ['cardiology', 'echo', 'ecg', 'lab'],
  echo: ['echo', 'cardiology'],
  ecg: ['ecg', 'cardiology'],
  dermatology: ['dermatology', 'cosmetology'],
  dentistry: ['dentistry'],
}
