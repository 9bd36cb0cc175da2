import { computed } from 'vue'
import { usePage } from '@inertiajs/vue3'
import type { SharedProps } from '~/types/shared'

/** The shared props of the current page, typed. */
export function useSharedProps() {
  const page = usePage()
  return computed(() => page.props as unknown as SharedProps)
}
