import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useToast } from 'primevue/usetoast'
import { api, isApiError } from '~/composables/use_api'
import { formatMoney } from '~/composables/use_registry_format'
import type { Locale } from '~/types/shared'

/**
 * What every admin page needs: the staff API with error toasts, 422 field
 * errors keyed by field, money in the clinic's currency, and a success toast.
 */
export function useAdmin() {
  const { t, te, locale } = useI18n()
  const toast = useToast()
  const fieldErrors = ref<Record<string, string>>({})
  const busy = ref(false)

  function fail(error: unknown) {
    if (isApiError(error) && error.fields.length) {
      fieldErrors.value = error.fieldMap()
      toast.add({ severity: 'error', summary: error.message, life: 5000 })
      return
    }
    const message = error instanceof Error ? error.message : t('admin.common.error')
    toast.add({ severity: 'error', summary: t('admin.common.error'), detail: message, life: 6000 })
  }

  /** Runs an API call; field errors land in `fieldErrors`, other errors in a toast. Null on failure. */
  async function run<T>(call: () => Promise<T>, success?: string): Promise<T | null> {
    busy.value = true
    fieldErrors.value = {}
    try {
      const result = await call()
      if (success) toast.add({ severity: 'success', summary: success, life: 3500 })
      return result
    } catch (error) {
      fail(error)
      return null
    } finally {
      busy.value = false
    }
  }

  const money = (minor: number | null | undefined, currency: string) => {
    const key = `registry.currency.${currency}`
    return formatMoney(minor, currency, locale.value as Locale, te(key) ? t(key) : currency)
  }

  /** "2026-03-02" → "02.03.2026". */
  const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10).split('-').reverse().join('.') : '')

  const specialty = (code: string) => (te(`ui.specialties.${code}`) ? t(`ui.specialties.${code}`) : code)

  return { api, run, fieldErrors, busy, money, day, specialty, toast }
}

/** Minor units ↔ the major-unit number people type. */
export const toMajor = (minor: number | null | undefined) => (minor === null || minor === undefined ? null : minor / 100)
export const toMinor = (major: number | null | undefined) =>
  major === null || major === undefined ? null : Math.round(major * 100)
