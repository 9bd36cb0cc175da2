import { useI18n } from 'vue-i18n'
import { useToast } from 'primevue/usetoast'
import type { ToastMessageOptions } from 'primevue/toast'
import { api, isApiError } from '~/composables/use_api'
import { useRegistryStore } from '~/stores/registry'
import type { PrintAnswer } from '~/components/registry/types'

/** The toast group of the print fallback (rendered by print_toast.vue). */
export const PRINT_TOAST_GROUP = 'registry-print'

/**
 * Ticket printing (REG-R2, REG-E4): the server sends the ticket to the
 * workstation's printer; when it cannot, a persistent toast offers the PDF
 * ticket ("Open print"). Printing never blocks or undoes a save. With a
 * workstation chosen, the ticket goes to its printer in its language
 * (REG-T9); without one, in the panel's language by the branch's defaults.
 */
export function useRegistryPrint() {
  const { t, te, locale } = useI18n()
  const toast = useToast()
  const store = useRegistryStore()

  function reasonText(reason?: string) {
    if (!reason) return ''
    const key = `registry.print.reasons.${reason}`
    if (te(key)) return t(key)
    return /\s/.test(reason) ? reason : ''
  }

  /** `ticket`: the ticket as people read it ("T-12"), for the toast. */
  async function printTicket(entryId: number, ticket?: string | null) {
    const label = ticket
      ? t('registry.print.ticket_number', { number: ticket })
      : t('registry.print.ticket')
    try {
      const workstation = store.workstation
      const answer = await api.post<PrintAnswer>(
        '/api/print/ticket',
        workstation
          ? { entry_id: entryId, workstation_id: workstation.id }
          : { entry_id: entryId, lang: locale.value }
      )
      if (answer?.printed) {
        toast.add({
          severity: 'info',
          summary: t('registry.print.sent', { ticket: label }),
          life: 2500,
        })
        return answer
      }
      toast.removeGroup(PRINT_TOAST_GROUP)
      toast.add({
        group: PRINT_TOAST_GROUP,
        closable: true,
        severity: 'warn',
        summary: t('registry.print.unavailable'),
        detail: [label, reasonText(answer?.reason)].filter(Boolean).join(' · '),
        data: { pdfUrl: answer?.pdf_url ?? null },
      } as ToastMessageOptions)
      return answer
    } catch (error) {
      toast.add({
        severity: 'error',
        summary: t('registry.print.failed', { ticket: label }),
        detail: isApiError(error) ? error.message : undefined,
        life: 6000,
      })
      return null
    }
  }

  return { printTicket }
}
