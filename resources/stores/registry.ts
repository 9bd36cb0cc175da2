import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import { api } from '~/composables/use_api'
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
} from '~/components/registry/types'

/** Rows per request: the table loads pages of this size while it scrolls (REG-T14). */
export const PAGE_SIZE = 100
/** Empty rows kept at the bottom of the table (REG-R5). */
export const MIN_EMPTY_ROWS = 5

const ADDRESS_KEY = 'registry.address'

export interface RegistryFilters {
  date: string
  doctorId: number | null
  status: string | null
  payment: string | null
  tab: RegistryTab
  q: string
}

let draftSeq = 0

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
    currency: 'UZS',
    phone_country: 'UZ',
    online_start_hour: 7,
    online_auto_close: null,
  })
  const canWrite = ref(false)

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
  const pendingPages = new Map<number, Promise<void>>()
  const loading = ref(false)
  const loaded = ref(false)
  const lastError = ref<string | null>(null)
  const lastLoadedAt = ref<Date | null>(null)
  /** Bumped when the filters change: answers of older requests are dropped. */
  let generation = 0

  const drafts = ref<Draft[]>([])
  const selectedKey = ref<string | null>(null)
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

  const rows = computed(() => items.value.filter((item): item is Row => !('placeholder' in item)))
  const selectedRow = computed(
    () => rows.value.find((row) => row.key === selectedKey.value) ?? null
  )

  function init(props: RegistryPageProps) {
    today.value = props.today
    branchId.value = props.branchId
    doctors.value = props.doctors
    services.value = props.services
    settings.value = { ...settings.value, ...props.settings }
    canWrite.value = props.canWrite
    if (!filters.date) filters.date = props.today
    ensureDrafts(true)
  }

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

  /** Puts one page of rows in place; the list grows or shrinks to the new total. */
  function applyPage(answer: RegistryResponse, page: number) {
    const total = answer.meta?.total ?? answer.data.length
    const current = items.value
    let next: (Row | Placeholder)[]
    if (current.length === total) next = current.slice()
    else if (current.length > total) next = current.slice(0, total)
    else next = current.concat(placeholders(current.length, total))
    const start = (page - 1) * PAGE_SIZE
    answer.data.forEach((row, offset) => {
      if (start + offset < next.length) next[start + offset] = row
    })
    items.value = next
    meta.value = answer.meta ?? { total, page, per_page: PAGE_SIZE, last_page: 1 }
    if (answer.queues) queues.value = answer.queues
    loadedPages.add(page)
  }

  async function fetchPage(page: number, gen = generation) {
    const answer = await api.get<RegistryResponse>('/api/registry', query(page))
    if (gen !== generation) return
    applyPage(answer, page)
  }

  /** Loads the pages covering positions first…last (the virtual scroller asks as it scrolls). */
  async function loadRange(first: number, last: number) {
    if (!loaded.value) return
    const total = items.value.length
    if (!total) return
    const firstPage = Math.floor(Math.max(0, first) / PAGE_SIZE) + 1
    const lastPage = Math.floor(Math.min(total - 1, Math.max(first, last)) / PAGE_SIZE) + 1
    const waits: Promise<void>[] = []
    for (let page = firstPage; page <= lastPage; page++) {
      if (loadedPages.has(page)) continue
      let pending = pendingPages.get(page)
      if (!pending) {
        const gen = generation
        pending = fetchPage(page, gen)
          .catch((error) => {
            lastError.value = (error as Error).message
          })
          .finally(() => pendingPages.delete(page))
        pendingPages.set(page, pending)
      }
      waits.push(pending)
    }
    await Promise.all(waits)
  }

  /** Reloads the first page and every page already shown (after a change, and every 15 s). */
  async function reload(options: { reset?: boolean } = {}) {
    if (options.reset) {
      generation++
      loadedPages.clear()
      pendingPages.clear()
      items.value = []
      loaded.value = false
    }
    const gen = generation
    const pages = [...new Set([1, ...loadedPages])].sort((a, b) => a - b)
    loading.value = true
    try {
      const answers = await Promise.all(
        pages.map((page) =>
          api
            .get<RegistryResponse>('/api/registry', query(page))
            .then((answer) => ({ page, answer }))
        )
      )
      if (gen !== generation) return
      const lastPage = answers[0]?.answer.meta?.last_page ?? 1
      loadedPages.clear()
      for (const { page, answer } of answers) {
        if (page === 1 || page <= lastPage) applyPage(answer, page)
      }
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

  function setAddressOpen(open: boolean) {
    addressOpen.value = open
    try {
      localStorage.setItem(ADDRESS_KEY, open ? 'open' : 'closed')
    } catch {
      /* private mode */
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
    isPristine,
    setAddressOpen,
    queueOf,
  }
})
