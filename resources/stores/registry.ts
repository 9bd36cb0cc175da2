import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { api } from '~/composables/use_api'
import { readDrafts, saveDrafts } from '~/stores/registry_draft_storage'
import {
  TAB_SPECIALTY,
  type Doctor,
  type Draft,
  type Placeholder,
  type QueueState,
  type RegistryMeta,
  type RegistryPageProps,
  type RegistryResponse,
  type RegistrySettings,
  type RegistryTab,
  type Row,
  type Service,
  type VisitStatus,
  type Workstation,
} from '~/components/registry/types'

/** Rows per request: the table loads pages of this size while it scrolls (REG-T14). */
export const PAGE_SIZE = 100
/** Empty rows kept at the bottom of the table (REG-R5). */
export const MIN_EMPTY_ROWS = 5

const ADDRESS_KEY = 'registry.address'
/** This computer's workstation (its ticket printer and language, REG-T9). */
const WORKSTATION_KEY = 'registry.workstation'

export interface RegistryFilters {
  date: string
  doctorId: number | null
  status: string | null
  payment: string | null
  tab: RegistryTab
  q: string
}

let draftSeq = 0

function readStoredWorkstation() {
  try {
    return Number(localStorage.getItem(WORKSTATION_KEY)) || null
  } catch {
    return null
  }
}

function readAddressPreference() {
  try {
    return localStorage.getItem(ADDRESS_KEY) === 'open'
  } catch {
    return false
  }
}

/**
 * The registry panel's data: the page props, the filters, the rows of the
 * day (loaded page by page as the table scrolls), the empty rows at the
 * bottom and the selected row.
 */
export const useRegistryStore = defineStore('registry', () => {
  const today = ref('')
  const branchId = ref(0)
  const doctors = shallowRef<Doctor[]>([])
  const services = shallowRef<Service[]>([])
  const settings = ref<RegistrySettings>({
    timezone: 'Asia/Tashkent',
    currency: 'UZS',
    phone_country: 'UZ',
    online_start_hour: 7,
    online_auto_close: null,
  })
  const canWrite = ref(false)
  /** May call tickets to the board (`queue.call`). */
  const canCall = ref(false)
  /** May open the cash desk (`payments.read`): the rows' "Pay". */
  const canPay = ref(false)
  const transitions = shallowRef<Partial<Record<VisitStatus, VisitStatus[]>>>({})
  const reschedulable = shallowRef<VisitStatus[]>([])
  const workstations = shallowRef<Workstation[]>([])
  const storedWorkstationId = ref<number | null>(readStoredWorkstation())
  /** The chosen workstation while it still exists; null prints by the branch's defaults. */
  const workstation = computed(
    () => workstations.value.find((item) => item.id === storedWorkstationId.value) ?? null
  )

  const filters = reactive<RegistryFilters>({
    date: '',
    doctorId: null,
    status: null,
    payment: null,
    tab: 'universal',
    q: '',
  })

  /** Loaded rows by position; positions not loaded yet hold placeholders. */
  const items = shallowRef<(Row | Placeholder)[]>([])
  const meta = ref<RegistryMeta>({ total: 0, page: 1, per_page: PAGE_SIZE, last_page: 1 })
  const queues = ref<QueueState[]>([])
  const loadedPages = new Set<number>()
  const pendingPages = new Map<number, Promise<unknown>>()
  const loading = ref(false)
  const loaded = ref(false)
  const lastError = ref<string | null>(null)
  const lastLoadedAt = ref<Date | null>(null)
  /** Bumped when the filters change: answers of older requests are dropped. */
  let generation = 0

  const drafts = ref<Draft[]>([])
  const selectedKey = ref<string | null>(null)
  /** The empty row the desk last worked in (its doctor's schedule is shown). */
  const activeDraftKey = ref<string | null>(null)
  const addressOpen = ref(readAddressPreference())

  const doctorsById = computed(() => new Map(doctors.value.map((doctor) => [doctor.id, doctor])))
  const servicesById = computed(
    () => new Map(services.value.map((service) => [service.id, service]))
  )

  const isPast = computed(() => !!filters.date && !!today.value && filters.date < today.value)
  const isToday = computed(() => filters.date === today.value)
  /** New records are written for today and later days, by staff allowed to write. */
  const canAdd = computed(() => canWrite.value && !isPast.value)

  /** Doctors of the active tab (every doctor in the Universal tab). */
  const tabDoctors = computed(() => {
    const specialty = TAB_SPECIALTY[filters.tab]
    if (!specialty) return doctors.value
    const list = doctors.value.filter((doctor) => doctor.specialty === specialty)
    return list.length ? list : doctors.value
  })

  /** The doctor new rows start with: the filter's doctor, else the tab's only doctor. */
  const defaultDoctorId = computed<number | null>(() => {
    if (filters.doctorId && tabDoctors.value.some((doctor) => doctor.id === filters.doctorId))
      return filters.doctorId
    const specialty = TAB_SPECIALTY[filters.tab]
    if (specialty && tabDoctors.value.length >= 1 && tabDoctors.value[0].specialty === specialty) {
      return tabDoctors.value[0].id
    }
    return null
  })

  /** The doctor whose day the schedule hint shows: the working row's, else the filter's. */
  const scheduleDoctorId = computed(
    () =>
      drafts.value.find((draft) => draft.key === activeDraftKey.value)?.doctor_id ??
      filters.doctorId
  )

  const rows = computed(() => items.value.filter((item): item is Row => !('placeholder' in item)))
  const selectedRow = computed(
    () => rows.value.find((row) => row.key === selectedKey.value) ?? null
  )

  function init(props: RegistryPageProps) {
    /** Back on the page the next morning: "today" moves on with the clinic's day. */
    if (!filters.date || filters.date === today.value) filters.date = props.today
    today.value = props.today
    branchId.value = props.branchId
    doctors.value = props.doctors
    services.value = props.services
    settings.value = { ...settings.value, ...props.settings }
    canWrite.value = props.canWrite
    canCall.value = props.canCall
    canPay.value = props.canPay ?? false
    transitions.value = props.transitions
    reschedulable.value = props.reschedulable
    workstations.value = props.workstations
    restoreDrafts()
    ensureDrafts(true)
  }

  /** Rows typed before a reload come back once, above the empty ones, if their doctor still exists. */
  let restored = false
  function restoreDrafts() {
    if (restored || !canWrite.value) return
    restored = true
    const kept = readDrafts().filter((draft) => !draft.doctor_id || doctorsById.value.has(draft.doctor_id))
    drafts.value = [...kept.map((draft) => ({ ...blankDraft(), ...draft })), ...drafts.value]
  }
  watch(drafts, (list) => saveDrafts(list, isPristine), { deep: true })

  function query(page: number) {
    return {
      date: filters.date,
      doctor_id: filters.doctorId,
      status: filters.status,
      payment: filters.payment,
      tab: filters.tab,
      q: filters.q.trim(),
      page,
      per_page: PAGE_SIZE,
    }
  }

  /** The export links carry the table's filters. */
  const exportQuery = computed(() => {
    const params = new URLSearchParams()
    const values: Record<string, unknown> = {
      date: filters.date,
      doctor_id: filters.doctorId,
      status: filters.status,
      payment: filters.payment,
      tab: filters.tab,
      q: filters.q.trim(),
    }
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && value !== undefined && value !== '') params.set(key, String(value))
    }
    return params.toString()
  })

  function placeholders(from: number, to: number): Placeholder[] {
    const list: Placeholder[] = []
    for (let index = from; index < to; index++) list.push({ key: `ph-${index}`, placeholder: true })
    return list
  }

  /** Same content → the same object: the table then skips rows that did not change. */
  function sameRow(a: Row | Placeholder | undefined, b: Row) {
    if (!a || 'placeholder' in a || a.key !== b.key) return false
    return JSON.stringify(a) === JSON.stringify(b)
  }

  /**
   * Puts loaded pages in place in one update (one re-render of the table);
   * the list grows or shrinks to the new total. Unchanged rows keep their
   * objects, and nothing is written when nothing changed.
   */
  function applyPages(answers: { page: number; answer: RegistryResponse }[]) {
    if (!answers.length) return
    const latest = answers[answers.length - 1].answer
    const total = latest.meta?.total ?? latest.data.length
    const current = items.value
    let next: (Row | Placeholder)[]
    let changed = current.length !== total
    if (current.length === total) next = current.slice()
    else if (current.length > total) next = current.slice(0, total)
    else next = current.concat(placeholders(current.length, total))
    for (const { page, answer } of answers) {
      const start = (page - 1) * PAGE_SIZE
      answer.data.forEach((row, offset) => {
        const index = start + offset
        if (index >= next.length) return
        if (sameRow(next[index], row)) return
        next[index] = row
        changed = true
      })
      loadedPages.add(page)
    }
    if (changed) items.value = next
    meta.value = latest.meta ?? { total, page: 1, per_page: PAGE_SIZE, last_page: 1 }
    if (latest.queues && JSON.stringify(latest.queues) !== JSON.stringify(queues.value))
      queues.value = latest.queues
  }

  function fetchPage(page: number) {
    return api
      .get<RegistryResponse>('/api/registry', query(page))
      .then((answer) => ({ page, answer }))
  }

  /** The positions the table shows now (the pages a reload refreshes). */
  let visible = { first: 0, last: PAGE_SIZE - 1 }

  /** Loads the pages covering positions first…last (the virtual scroller asks as it scrolls). */
  async function loadRange(first: number, last: number) {
    visible = { first, last }
    if (!loaded.value) return
    const total = items.value.length
    if (!total) return
    const firstPage = Math.floor(Math.max(0, first) / PAGE_SIZE) + 1
    const lastPage = Math.floor(Math.min(total - 1, Math.max(first, last)) / PAGE_SIZE) + 1
    const missing: number[] = []
    const waits: Promise<unknown>[] = []
    for (let page = firstPage; page <= lastPage; page++) {
      if (loadedPages.has(page)) continue
      const pending = pendingPages.get(page)
      if (pending) waits.push(pending)
      else missing.push(page)
    }
    if (missing.length) {
      const gen = generation
      const batch = Promise.all(missing.map(fetchPage))
        .then((answers) => {
          if (gen === generation) applyPages(answers)
        })
        .catch((error) => {
          lastError.value = (error as Error).message
        })
        .finally(() => missing.forEach((page) => pendingPages.delete(page)))
      missing.forEach((page) => pendingPages.set(page, batch))
      waits.push(batch)
    }
    await Promise.all(waits)
  }

  /**
   * Reloads the first page and the pages on screen (after a change, and
   * every 15 s). Other pages keep their rows and are fetched again when
   * they scroll into view.
   */
  async function reload(options: { reset?: boolean } = {}) {
    if (options.reset) {
      generation++
      loadedPages.clear()
      pendingPages.clear()
      items.value = []
      loaded.value = false
      visible = { first: 0, last: PAGE_SIZE - 1 }
    }
    const gen = generation
    const from = Math.floor(Math.max(0, visible.first) / PAGE_SIZE) + 1
    const to = Math.floor(Math.max(visible.first, visible.last) / PAGE_SIZE) + 1
    const pages = [1]
    for (let page = Math.max(2, from); page <= to; page++) pages.push(page)
    loading.value = true
    try {
      const answers = await Promise.all(pages.map(fetchPage))
      if (gen !== generation) return
      const lastPage = answers[0]?.answer.meta?.last_page ?? 1
      loadedPages.clear()
      applyPages(answers.filter(({ page }) => page === 1 || page <= lastPage))
      loaded.value = true
      lastError.value = null
      lastLoadedAt.value = new Date()
    } catch (error) {
      if (gen === generation) lastError.value = (error as Error).message
      throw error
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  function blankDraft(): Draft {
    draftSeq += 1
    return {
      key: `draft-${draftSeq}`,
      draft: true,
      fio: '',
      birth_year: '',
      phone: '',
      address: '',
      doctor_id: defaultDoctorId.value,
      type: 'paid',
      payment_type: null,
      services: [],
      echo: filters.tab === 'echo',
      doctor_cost: null,
      patient_id: null,
      hints: [],
      errors: {},
      saving: false,
    }
  }

  /** A draft the desk has typed nothing into. */
  function isPristine(draft: Draft) {
    return (
      !draft.fio.trim() &&
      !draft.birth_year.trim() &&
      !draft.phone.trim() &&
      !draft.address.trim() &&
      !draft.patient_id
    )
  }

  /** Keeps at least MIN_EMPTY_ROWS untouched drafts at the bottom; `retarget` re-applies the tab's doctor to them. */
  function ensureDrafts(retarget = false) {
    const list = drafts.value
    if (retarget) {
      for (const draft of list) {
        if (isPristine(draft)) {
          draft.doctor_id = defaultDoctorId.value
          draft.echo = filters.tab === 'echo'
          draft.services = []
          draft.errors = {}
          draft.hints = []
        }
      }
    }
    const pristine = list.filter(isPristine).length
    for (let index = pristine; index < MIN_EMPTY_ROWS; index++) list.push(blankDraft())
  }

  function removeDraft(key: string) {
    drafts.value = drafts.value.filter((draft) => draft.key !== key)
    ensureDrafts()
  }

  function resetDraft(draft: Draft) {
    const fresh = blankDraft()
    Object.assign(draft, { ...fresh, key: draft.key })
    ensureDrafts()
  }

  /** A row just saved shows at once, where the next reload will put it (the day is in creation order). */
  function appendRow(row: Row) {
    if (items.value.some((item) => item.key === row.key)) return
    items.value = [...items.value, row]
    meta.value = { ...meta.value, total: meta.value.total + 1 }
  }

  function setAddressOpen(open: boolean) {
    addressOpen.value = open
    try {
      localStorage.setItem(ADDRESS_KEY, open ? 'open' : 'closed')
    } catch {
      /* private mode */
    }
  }

  function setWorkstation(id: number | null) {
    storedWorkstationId.value = id
    try {
      if (id) localStorage.setItem(WORKSTATION_KEY, String(id))
      else localStorage.removeItem(WORKSTATION_KEY)
    } catch {
      /* private mode: kept for this page only */
    }
  }

  function queueOf(doctorId: number) {
    return queues.value.find((queue) => queue.doctor_id === doctorId) ?? null
  }

  return {
    today,
    branchId,
    doctors,
    services,
    settings,
    canWrite,
    canCall,
    canPay,
    transitions,
    reschedulable,
    workstations,
    workstation,
    filters,
    items,
    meta,
    queues,
    loading,
    loaded,
    lastError,
    lastLoadedAt,
    drafts,
    selectedKey,
    selectedRow,
    activeDraftKey,
    scheduleDoctorId,
    addressOpen,
    doctorsById,
    servicesById,
    isPast,
    isToday,
    canAdd,
    tabDoctors,
    defaultDoctorId,
    rows,
    exportQuery,
    init,
    reload,
    loadRange,
    ensureDrafts,
    removeDraft,
    resetDraft,
    appendRow,
    isPristine,
    setAddressOpen,
    setWorkstation,
    queueOf,
  }
})
