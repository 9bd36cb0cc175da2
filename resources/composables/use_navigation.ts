import { computed } from 'vue'
import { usePage } from '@inertiajs/vue3'
import type { NavigationEntry, NavigationGroup, SharedProps } from '~/types/shared'

export const GROUP_ORDER: NavigationGroup[] = ['clinic', 'admin', 'plugins']

export interface NumberedEntry extends NavigationEntry {
  /** 1-based position in the sidebar: Alt+<position> jumps to it (1…9). */
  position: number
}

/** The signed-in user's navigation grouped in sidebar order, with the active entry. */
export function useNavigation() {
  const page = usePage()

  const ordered = computed<NumberedEntry[]>(() => {
    const entries = (page.props as unknown as SharedProps).navigation ?? []
    const sorted = GROUP_ORDER.flatMap((group) => entries.filter((entry) => entry.group === group))
    return sorted.map((entry, index) => ({ ...entry, position: index + 1 }))
  })

  const groups = computed(() =>
    GROUP_ORDER.map((group) => ({ group, entries: ordered.value.filter((entry) => entry.group === group) })).filter(
      (section) => section.entries.length > 0
    )
  )

  /** The longest href that is the current path or a parent of it. */
  const activeHref = computed(() => {
    const path = (page.url ?? '').split(/[?#]/)[0]
    let best: string | null = null
    for (const entry of ordered.value) {
      if (path === entry.href || path.startsWith(`${entry.href}/`)) {
        if (!best || entry.href.length > best.length) best = entry.href
      }
    }
    return best
  })

  return { ordered, groups, activeHref }
}
