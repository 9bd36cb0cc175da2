import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

export type Theme = 'light' | 'dark'

const THEME_KEY = 'theme'
const SIDEBAR_KEY = 'sidebar'

function read(key: string) {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/**
 * Workstation preferences kept in localStorage: the colour theme (the root
 * Edge view applies it before the first paint) and the collapsed sidebar.
 */
export const useUiStore = defineStore('ui', () => {
  const theme = ref<Theme>(document.documentElement.classList.contains('app-dark') ? 'dark' : 'light')
  const sidebarCollapsed = ref(read(SIDEBAR_KEY) === 'collapsed')
  /** The sidebar as an overlay on narrow screens. */
  const mobileNavOpen = ref(false)

  watch(theme, (value) => {
    document.documentElement.classList.toggle('app-dark', value === 'dark')
    write(THEME_KEY, value)
  })
  watch(sidebarCollapsed, (value) => write(SIDEBAR_KEY, value ? 'collapsed' : 'expanded'))

  function toggleTheme() {
    theme.value = theme.value === 'dark' ? 'light' : 'dark'
  }

  function toggleSidebar() {
    sidebarCollapsed.value = !sidebarCollapsed.value
  }

  return { theme, sidebarCollapsed, mobileNavOpen, toggleTheme, toggleSidebar }
})
