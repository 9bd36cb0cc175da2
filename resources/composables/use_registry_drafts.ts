import { nextTick } from 'vue'
import { useI18n } from 'vue-i18n'
import { useToast } from 'primevue/usetoast'
import type { ToastMessageOptions } from 'primevue/toast'
import { api, isApiError, type ApiError } from '~/composables/use_api'
import {
  formatPhone,
  isPhoneValid,
  phoneMask,
  toInternational,
  useRegistryFormat,
} from '~/composables/use_registry_format'
import { useRegistryPrint } from '~/composables/use_registry_print'
import { useRegistryStore } from '~/stores/registry'
import { useRegistrySchedule } from '~/stores/registry_schedule'
import type { CreatedRow, Draft, DraftHint, PatientMatch } from '~/components/registry/types'

/** The draft fields in the order the desk fills them (focus goes to the first invalid one). */
export const DRAFT_FIELDS = [
  'fio',
  'birth_year',
  'phone',
  'address',
  'doctor_id',
  'type',
  'services',
  'echo',
  'doctor_cost',
  'payment_type',
] as const
export type DraftField = (typeof DRAFT_FIELDS)[number]

/** Server field → the cell that shows it. */
function cellOf(field: string): DraftField | 'date' {
  if (field === 'patient.fio' || field === 'patient_id' || field === 'patient') return 'fio'
  if (field === 'patient.birth_year') return 'birth_year'
  if (field === 'patient.phone') return 'phone'
  if (field === 'patient.address') return 'address'
  if (field.startsWith('services')) return 'services'
  if ((DRAFT_FIELDS as readonly string[]).includes(field)) return field as DraftField
  if (field === 'date') return 'date'
  return 'fio'
}

/** Focuses a cell of a draft row (the input, or the PrimeVue control's focusable element). */
export function focusDraftCell(key: string, field: DraftField = 'fio') {
  const cell = document.querySelector<HTMLElement>(
    `[data-draft-key="${key}"][data-field="${field}"]`
  )
  if (!cell) return false
  const target = cell.querySelector<HTMLElement>(
    'input:not([type="hidden"]):not([disabled]), [role="combobox"][tabindex="0"], [tabindex="0"], button:not([disabled])'
  )
  target?.focus()
  return !!target
}

export interface DraftsDeps {
  /** Brings the drafts into view (they sit after every row of the virtual table). */
  revealDrafts: () => Promise<void> | void
  /** REG-E3: the doctor's day is full — offer another day. */
  /** REG-E3: the day is full or closed; `suggested` is the next day that takes a booking. */
  offerAnotherDay: (draft: Draft, message: string, suggested: string | null) => void
}

/**
 * The empty rows: inline validation (REG-R4), saving with Enter (REG-R2:
 * the ticket prints right after), autocomplete picks (REG-R3) and the
 * server's answers (REG-E1 existing visit, 422 on the cells).
 */
export function useRegistryDrafts(deps: DraftsDeps) {
  const store = useRegistryStore()
  const schedule = useRegistrySchedule()
  const toast = useToast()
  const { t } = useI18n()
  const format = useRegistryFormat()
  const { printTicket } = useRegistryPrint()

  /** One "check the fields" toast at a time. */
  let warning: ToastMessageOptions | null = null
  function warn(message: ToastMessageOptions) {
    if (warning) toast.remove(warning)
    warning = message
    toast.add(message)
  }

  function currentYear() {
    return Number((store.today || new Date().toISOString()).slice(0, 4))
  }

  function validate(draft: Draft): Record<string, string> {
    const errors: Record<string, string> = {}
    if (!draft.patient_id) {
      const fio = draft.fio.trim()
      if (!fio) errors.fio = t('registry.validation.fio_required')
      else if (fio.length < 2 || !/\p{L}/u.test(fio))
        errors.fio = t('registry.validation.fio_short')
      const year = draft.birth_year.trim()
      const max = currentYear()
      if (!year) errors.birth_year = t('registry.validation.year_required')
      else if (!/^\d{4}$/.test(year) || Number(year) < 1900 || Number(year) > max) {
        errors.birth_year = t('registry.validation.year_range', { max })
      }
      if (draft.phone.trim() && !isPhoneValid(draft.phone, store.settings.phone_country)) {
        errors.phone = t('registry.validation.phone', {
          mask: phoneMask(store.settings.phone_country).replace(/_/g, 'X'),
        })
      }
    }
    if (!draft.doctor_id) errors.doctor_id = t('registry.validation.doctor_required')
    if (draft.doctor_cost !== null && draft.doctor_cost < 0)
      errors.doctor_cost = t('registry.validation.cost')
    return errors
  }

  async function focusFirst(draft: Draft, errors: Record<string, string>) {
    const first = DRAFT_FIELDS.find((field) => errors[field])
    await deps.revealDrafts()
    await nextTick()
    focusDraftCell(draft.key, first ?? 'fio')
  }

  function body(draft: Draft, date?: string) {
    const doctor = draft.doctor_id ? store.doctorsById.get(draft.doctor_id) : undefined
    const payload: Record<string, unknown> = {
      doctor_id: draft.doctor_id,
      date: date ?? store.filters.date,
      type: draft.type,
      payment_type: draft.payment_type,
    }
    if (draft.patient_id) payload.patient_id = draft.patient_id
    else {
      const patient: Record<string, unknown> = {
        fio: draft.fio.trim().replace(/\s+/g, ' '),
        birth_year: Number(draft.birth_year),
      }
      const phone = toInternational(draft.phone, store.settings.phone_country)
      if (phone) patient.phone = phone
      if (draft.address.trim()) patient.address = draft.address.trim()
      payload.patient = patient
    }
    if (draft.services.length) payload.services = draft.services.map((id) => ({ id, qty: 1 }))
    if (doctor?.specialty === 'cardiology') payload.echo = draft.echo
    if (doctor?.specialty === 'dermatology' && draft.doctor_cost !== null)
      payload.doctor_cost = draft.doctor_cost
    return payload
  }

  function applyServerErrors(draft: Draft, error: ApiError) {
    const errors: Record<string, string> = {}
    for (const field of error.fields) {
      const cell = cellOf(field.field)
      if (cell === 'date') continue
      errors[cell] ??= field.message
    }
    draft.errors = errors
    const dateError = error.fields.find((field) => field.field === 'date')
    warn({
      severity: 'error',
      summary: t('registry.toast.check_fields'),
      /* Every refused field, not just the first (the cells show each one too). */
      detail: dateError?.message ?? [...new Set(error.fields.map((field) => field.message))].join(' · '),
      life: 5000,
    })
    focusFirst(draft, errors)
  }

  function setHint(draft: Draft, hint: DraftHint) {
    draft.hints = [hint, ...draft.hints.filter((item) => item.kind !== hint.kind)]
  }

  /** Saves a draft (Enter); returns true when the record exists. */
  async function save(draft: Draft, options: { date?: string } = {}): Promise<boolean> {
    if (draft.saving || !store.canAdd) return false
    if (store.isPristine(draft)) {
      await focusFirst(draft, {})
      return false
    }
    const errors = validate(draft)
    draft.errors = errors
    if (Object.keys(errors).length) {
      warn({
        severity: 'warn',
        summary: t('registry.toast.check_fields'),
        detail: Object.values(errors)[0],
        life: 4000,
      })
      await focusFirst(draft, errors)
      return false
    }

    draft.saving = true
    const name = draft.fio.trim()
    try {
      const created = await api.post<CreatedRow>('/api/registry/rows', body(draft, options.date))
      const number = created.ticket ?? created.row?.ticket ?? null
      const day = options.date ?? store.filters.date
      const viaOnline = created.row && created.row.source && created.row.source !== 'desk'
      toast.add({
        severity: 'success',
        summary:
          number !== null
            ? t(viaOnline ? 'registry.toast.saved_online' : 'registry.toast.saved', {
                number,
                name,
              })
            : t('registry.toast.planned', { name, date: format.day(day) }),
        detail: created.row?.doctor_name ?? undefined,
        life: 3500,
      })

      const index = store.drafts.findIndex((item) => item.key === draft.key)
      store.removeDraft(draft.key)
      if (created.row?.key) {
        if (day === store.filters.date) store.appendRow(created.row)
        store.selectedKey = created.row.key
      }
      /** The ticket prints right away; a printer problem never undoes the save. */
      if (created.entry_id) void printTicket(created.entry_id, number)
      await store.reload().catch(() => {})
      /* The booking took a slot: the schedule hint's free count follows at once. */
      void schedule.load(store.filters.date, { force: true })
      await deps.revealDrafts()
      await nextTick()
      const next =
        store.drafts[Math.min(Math.max(index, 0), store.drafts.length - 1)] ?? store.drafts[0]
      if (next) focusDraftCell(next.key, 'fio')
      return true
    } catch (error) {
      if (!isApiError(error)) {
        toast.add({ severity: 'error', summary: t('registry.toast.save_failed'), life: 5000 })
        return false
      }
      if (error.status === 422) {
        applyServerErrors(draft, error)
      } else if (error.code === 'VISIT_EXISTS') {
        setHint(draft, {
          kind: 'visit_exists',
          visit_id: error.detail<number>('visit_id'),
          entry_id: error.detail<number | null>('entry_id') ?? null,
          number: error.detail<string | null>('ticket') ?? null,
          status: error.detail<string>('status'),
          can_return: !!error.detail<boolean>('can_return'),
          doctor_id: draft.doctor_id ?? undefined,
        })
        toast.add({
          severity: 'warn',
          summary: t('registry.hints.visit_exists'),
          detail: error.message,
          life: 6000,
        })
      } else if (error.code === 'PATIENT_EXISTS') {
        setHint(draft, {
          kind: 'patient_exists',
          patient_id: error.detail<number>('patient_id'),
          patient_name: error.detail<string>('patient_name'),
        })
        draft.errors = { phone: error.message }
        toast.add({
          severity: 'warn',
          summary: t('registry.hints.patient_exists_title'),
          detail: t('registry.hints.patient_exists', {
            name: error.detail<string>('patient_name') ?? '',
          }),
          life: 6000,
        })
      } else if (/FULL|LIMIT|NO_SLOTS|BOOKING_DISABLED/.test(error.code)) {
        toast.add({
          severity: 'warn',
          summary: t('registry.toast.limit'),
          detail: error.message,
          life: 6000,
        })
        deps.offerAnotherDay(draft, error.message, error.detail<string | null>('next_day') ?? null)
      } else {
        toast.add({
          severity: 'error',
          summary: t('registry.toast.save_failed'),
          detail: error.message,
          life: 6000,
        })
      }
      return false
    } finally {
      draft.saving = false
    }
  }

  /** Fills a draft from the autocomplete; the hints say what the server will do. */
  function pickPatient(draft: Draft, patient: PatientMatch) {
    draft.patient_id = patient.id
    draft.fio = patient.full_name
    draft.birth_year = patient.birth_year ? String(patient.birth_year) : ''
    draft.phone = patient.phone ? formatPhone(patient.phone, store.settings.phone_country) : ''
    draft.address = patient.address ?? ''
    draft.errors = {}
    const hints: DraftHint[] = []
    for (const visit of patient.visits_today ?? []) {
      hints.push({
        kind: 'visit_today',
        visit_id: visit.visit_id,
        number: visit.ticket ?? visit.number,
        status: visit.status,
        doctor_id: visit.doctor_id,
        can_return: ['canceled', 'no_show'].includes(visit.status),
      })
    }
    for (const entry of patient.online_entries ?? []) {
      hints.push({
        kind: 'online',
        entry_id: entry.entry_id,
        number: entry.ticket ?? entry.number,
        doctor_id: entry.doctor_id,
      })
    }
    draft.hints = hints
    /** An online number decides the doctor when the row has none yet. */
    const online = patient.online_entries?.[0]
    if (!draft.doctor_id && online && store.doctorsById.has(online.doctor_id))
      draft.doctor_id = online.doctor_id
    store.ensureDrafts()
  }

  /** "Use this patient" after PATIENT_EXISTS. */
  function usePatient(draft: Draft, hint: DraftHint) {
    if (!hint.patient_id) return
    draft.patient_id = hint.patient_id
    if (hint.patient_name) draft.fio = hint.patient_name
    draft.errors = {}
    draft.hints = draft.hints.filter((item) => item !== hint)
  }

  /** Typing in the name or phone cell after a pick starts a new patient again. */
  function onIdentityEdit(draft: Draft, field: DraftField) {
    if (draft.patient_id) {
      draft.patient_id = null
      draft.hints = []
    }
    clearError(draft, field)
  }

  /** An edited cell loses its error; the table keeps enough empty rows. */
  function clearError(draft: Draft, field: DraftField) {
    if (draft.errors[field]) {
      const { [field]: _removed, ...rest } = draft.errors
      draft.errors = rest
    }
    store.ensureDrafts()
  }

  return { validate, save, pickPatient, usePatient, onIdentityEdit, clearError, focusDraftCell }
}
