import { watch } from 'vue'
import { useToast } from 'primevue/usetoast'
import { useSharedProps } from './use_shared_props'

/** Shows the `flash.success` message of a page once, as a toast. */
export function useFlashToasts() {
  const toast = useToast()
  const shared = useSharedProps()
  watch(
    () => shared.value.flash?.success,
    (message) => {
      if (message) toast.add({ severity: 'success', summary: message, life: 4000 })
    },
    { immediate: true }
  )
}
