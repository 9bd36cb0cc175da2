import { inject, nextTick, provide, reactive, type InjectionKey } from 'vue'
import { useI18n } from 'vue-i18n'
import { useToast } from 'primevue/usetoast'
import type { ToastMessageOptions } from 'primevue/toast'
import { router } from '@inertiajs/vue3'
import { api, isApiError } from '~/composables/use_api'
import { addDays, useRegistryFormat } from '~/composables/use_registry_format'
import { useRegistryPrint } from '~/composables/use_registry_print'
import { focusDraftCell, useRegistryDrafts } from '~/composables/use_registry_drafts'
import { useRegistryStore } from '~/stores/registry'
import type { Draft, Row, VisitStatus } from '~/components/registry/types'

export interface ConfirmRequest {
  title: string
  message: string
  accept: string
  danger?: boolean
  icon?: string
  run: () => Promise<void>
}

export interface DateRequest {
  title: string
  message: string
  accept: string
  min: string
  initial: string
  run: (day: string) => Promise<void>
}

/** The toast group of errors offering a way out (rendered by way_out_toast.vue). */
export const WAY_OUT_TOAST_GROUP = 'registry-way-out'

/** The button of such a toast. */
export interface WayOut {
  label: string
  icon: string
  run: () => void
}

export function createRegistryActions(deps: { revealDrafts: () => Promise<void> | void }) {
  const store = useRegistryStore()
  const toast = useToast()
  const { t } = useI18n()
  const format = useRegistryFormat()
  const { printTicket } = useRegistryPrint()

  const dialogs = reactive({
    openReception: false,
    qr: false,
    calendar: false,
    confirm: null as ConfirmRequest | null,
    date: null as DateRequest | null,
    /** The row whose patient and visit the correction dialog edits (issue 22 item 12). */
    correction: null as Row | null,
  })

  const drafts = useRegistryDrafts({
    revealDrafts: deps.revealDrafts,
    offerAnotherDay: (draft, message, suggested) => offerAnotherDay(draft, message, suggested),
  })

  function errorToast(error: unknown, summary = t('registry.toast.action_failed')) {
    toast.add({
      severity: 'error',
      summary,
      detail: isApiError(error) ? error.message : undefined,
      life: 6000,
    })
  }

  /** The cash desk with the visit chosen, as the row's Pay button opens it. */
  function openCashier(visitId: number) {
    router.visit(`/cashier?visit_id=${visitId}`)
  }

  /** A paid visit finished before it is paid (409 VISIT_UNPAID): the error with "Pay" at hand. */
  function unpaidToast(error: unknown, visitId: number) {
    /* Without the cash desk (`payments.read`) the plain error toast says why, with no Pay. */
    if (!isApiError(error) || error.code !== 'VISIT_UNPAID' || !store.canPay) return false
    const wayOut: WayOut = {
      label: t('registry.actions.pay'),
      icon: 'pi pi-wallet',
      run: () => openCashier(visitId),
    }
    toast.add({
      group: WAY_OUT_TOAST_GROUP,
      severity: 'error',
      summary: t('registry.toast.action_failed'),
      detail: error.message,
      life: 12_000,
      data: { wayOut },
    } as ToastMessageOptions)
    return true
  }

  async function refresh() {
    await store.reload().catch(() => {})
  }

  /** A move the server accepts (its own transition table); a number is taken only on the day itself. */
  function canMove(row: Row, status: VisitStatus) {
    if (!row.visit_id || !row.status || !store.canWrite) return false
    if (status === 'queued' && !store.isToday) return false
    return store.transitions[row.status]?.includes(status) ?? false
  }

  /** Another day for a visit not yet in the queue, or missed (the server's reschedulable statuses). */
  function canReschedule(row: Row) {
    return (
      store.canWrite && !!row.visit_id && !!row.status && store.reschedulable.includes(row.status)
    )
  }

  /**
   * Confirming a booking (`POST /api/appointments/:id/confirm`, planned visits
   * only). On the visit's day confirming puts it in the queue, so the panel
   * offers "to the queue" there instead — a deliberate omission.
   */
  function canConfirm(row: Row) {
    return store.canWrite && !!row.visit_id && row.status === 'planned' && !store.isToday
  }

  async function setStatus(row: Row, status: VisitStatus) {
    if (!row.visit_id) return
    try {
      await api.patch(`/api/visits/${row.visit_id}/status`, { status })
      toast.add({
        severity: status === 'canceled' || status === 'no_show' ? 'warn' : 'success',
        summary: t('registry.toast.status_changed', { status: t(`registry.status.${status}`) }),
        detail: row.patient_name ?? undefined,
        life: 3000,
      })
      await refresh()
    } catch (error) {
      if (!unpaidToast(error, row.visit_id)) errorToast(error)
    }
  }

  /** REG-E1: "Return to queue" for a canceled or missed visit of today. */
  async function returnToQueue(visitId: number, name?: string | null) {
    try {
      await api.patch(`/api/visits/${visitId}/status`, { status: 'queued' })
      toast.add({
        severity: 'success',
        summary: t('registry.toast.returned'),
        detail: name ?? undefined,
        life: 3500,
      })
      await refresh()
      return true
    } catch (error) {
      errorToast(error)
      return false
    }
  }

  /** A ticket still in the line (not done, canceled or transferred). */
  const liveTicket = (row: Row) =>
    !!row.entry_id && ['waiting', 'called', 'skipped', 'frozen'].includes(row.entry_status ?? '')

  /** Calls the row's ticket to the board (issue 4); the doctor's panel does the rest. */
  function canCall(row: Row) {
    return store.canCall && store.isToday && liveTicket(row)
  }

  /** An online number without a visit yet, still in the line: the desk makes its visit. */
  function canTake(row: Row) {
    return store.canWrite && !row.visit_id && liveTicket(row)
  }

  async function callPatient(row: Row) {
    if (!row.entry_id) return
    try {
      await api.post(`/api/queue/call/${row.entry_id}`)
      toast.add({
        severity: 'success',
        summary: t('registry.toast.called', { number: row.ticket }),
        detail: row.patient_name ?? undefined,
        life: 3000,
      })
      await refresh()
    } catch (error) {
      errorToast(error)
    }
  }

  async function confirmVisit(row: Row) {
    if (!row.visit_id) return
    try {
      await api.post(`/api/appointments/${row.visit_id}/confirm`)
      toast.add({
        severity: 'success',
        summary: t('registry.toast.confirmed'),
        detail: row.patient_name ?? undefined,
        life: 3000,
      })
      await refresh()
    } catch (error) {
      errorToast(error)
    }
  }

  function cancelVisit(row: Row) {
    if (!row.visit_id) return
    dialogs.confirm = {
      title: t('registry.cancel.title'),
      message: t('registry.cancel.message', {
        name: row.patient_name ?? '—',
        number: row.ticket ?? '—',
      }),
      accept: t('registry.cancel.accept'),
      danger: true,
      icon: 'pi pi-times-circle',
      run: async () => {
        try {
          if (row.status === 'planned' || row.status === 'confirmed') {
            await api.post(`/api/appointments/${row.visit_id}/cancel`)
          } else {
            await api.patch(`/api/visits/${row.visit_id}/status`, { status: 'canceled' })
          }
          toast.add({
            severity: 'warn',
            summary: t('registry.toast.canceled'),
            detail: row.patient_name ?? undefined,
            life: 3500,
          })
          await refresh()
        } catch (error) {
          errorToast(error)
        }
      },
    }
  }

  /** A saved row is corrected in place: the patient's card and the visit (doctor, services). */
  function canCorrect(row: Row) {
    return store.canWrite && (!!row.patient_id || !!row.visit_id)
  }

  function correctRow(row: Row) {
    if (canCorrect(row)) dialogs.correction = row
  }

  async function corrected() {
    toast.add({ severity: 'success', summary: t('registry.correction.saved'), life: 3000 })
    await refresh()
  }

  function rescheduleVisit(row: Row) {
    if (!canReschedule(row)) return
    const min = addDays(store.today, 1)
    dialogs.date = {
      title: t('registry.reschedule.title'),
      message: t('registry.reschedule.message', {
        name: row.patient_name ?? '—',
        doctor: row.doctor_name ?? '',
      }),
      accept: t('registry.reschedule.accept'),
      min,
      initial: min,
      run: async (day) => {
        try {
          await api.post(`/api/appointments/${row.visit_id}/reschedule`, { date: day })
          toast.add({
            severity: 'success',
            summary: t('registry.toast.rescheduled', { date: format.day(day) }),
            detail: row.patient_name ?? undefined,
            life: 3500,
          })
          await refresh()
        } catch (error) {
          errorToast(error)
          throw error
        }
      },
    }
  }

  /** REG-E3: no places left that day — the same draft is booked for another day (the next open one first). */
  function offerAnotherDay(draft: Draft, message: string, suggested: string | null = null) {
    const min = addDays(store.filters.date || store.today, 1)
    dialogs.date = {
      title: t('registry.rebook.title'),
      message: message || t('registry.rebook.message'),
      accept: t('registry.rebook.accept'),
      min,
      initial: suggested && suggested > min ? suggested : min,
      run: async (day) => {
        const ok = await drafts.save(draft, { date: day })
        if (!ok) throw new Error('not saved')
      },
    }
  }

  function printRow(row: Row | null) {
    if (!row) {
      toast.add({ severity: 'info', summary: t('registry.print.select_row'), life: 3000 })
      return
    }
    if (!row.entry_id) {
      toast.add({
        severity: 'info',
        summary: t('registry.print.no_ticket'),
        detail: row.patient_name ?? undefined,
        life: 3500,
      })
      return
    }
    void printTicket(row.entry_id, row.ticket)
  }

  /** An online number without a visit: its phone and doctor go into an empty row. */
  async function takeOnline(row: Row) {
    const draft = store.drafts.find((item) => store.isPristine(item)) ?? store.drafts[0]
    if (!draft) return
    draft.doctor_id = row.doctor_id
    draft.phone = format.phone(row.phone ?? '', store.settings.phone_country)
    draft.fio = row.patient_name ?? ''
    draft.hints = row.number
      ? [{ kind: 'online', number: row.ticket, entry_id: row.entry_id, doctor_id: row.doctor_id }]
      : []
    store.ensureDrafts()
    await deps.revealDrafts()
    await nextTick()
    focusDraftCell(draft.key, row.patient_name ? 'birth_year' : 'fio')
  }

  async function focusNewRecord() {
    if (!store.canAdd) return
    await deps.revealDrafts()
    await nextTick()
    const draft = store.drafts.find((item) => store.isPristine(item)) ?? store.drafts[0]
    if (draft) focusDraftCell(draft.key, 'fio')
  }

  /** QUE-R9: "Open reception now" closes the online intake of these queues. */
  async function openReception(doctorIds: number[]) {
    const opened: string[] = []
    let failed = 0
    for (const id of doctorIds) {
      try {
        await api.post('/api/queue/open', { day: store.today, specialist_id: id })
        opened.push(store.doctorsById.get(id)?.full_name ?? `#${id}`)
      } catch (error) {
        failed++
        errorToast(
          error,
          t('registry.reception.failed', {
            doctor: store.doctorsById.get(id)?.full_name ?? `#${id}`,
          })
        )
      }
    }
    if (opened.length) {
      toast.add({
        severity: 'success',
        summary: t('registry.reception.opened'),
        detail: opened.join(', '),
        life: 4500,
      })
    }
    await refresh()
    return failed === 0
  }

  return {
    dialogs,
    drafts,
    canMove,
    canReschedule,
    canConfirm,
    setStatus,
    returnToQueue,
    confirmVisit,
    cancelVisit,
    rescheduleVisit,
    canCorrect,
    correctRow,
    corrected,
    printRow,
    canCall,
    callPatient,
    canTake,
    takeOnline,
    focusNewRecord,
    openReception,
    openCashier,
    refresh,
  }
}

export type RegistryActions = ReturnType<typeof createRegistryActions>

const KEY: InjectionKey<RegistryActions> = Symbol('registry-actions')

export function provideRegistryActions(actions: RegistryActions) {
  provide(KEY, actions)
}

export function useRegistryActions() {
  const actions = inject(KEY)
  if (!actions) throw new Error('registry actions are not provided')
  return actions
}
