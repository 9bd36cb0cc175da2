import { onBeforeUnmount, onMounted } from 'vue'

export interface RegistryHotkeys {
  /** Ctrl+P: the selected row's ticket (never the browser's print dialog). */
  print: () => void
  /** Ctrl+K: the patient search. */
  search: () => void
  /** Ctrl+Shift+O: "Open reception now" (asks first). */
  openReception: () => void
  /** Alt+N: the first empty row. */
  newRecord: () => void
}

/**
 * The panel's hotkeys (REG-T16), by physical key so they work in the
 * Russian layout too. Enter (save + print) belongs to the empty rows.
 */
export function useRegistryHotkeys(handlers: RegistryHotkeys) {
  function onKeydown(event: KeyboardEvent) {
    const ctrl = event.ctrlKey || event.metaKey
    if (ctrl && !event.altKey && event.code === 'KeyP') {
      event.preventDefault()
      event.stopPropagation()
      if (!event.repeat && !event.shiftKey) handlers.print()
      return
    }
    if (ctrl && !event.altKey && !event.shiftKey && event.code === 'KeyK') {
      event.preventDefault()
      event.stopPropagation()
      handlers.search()
      return
    }
    if (ctrl && event.shiftKey && !event.altKey && event.code === 'KeyO') {
      event.preventDefault()
      event.stopPropagation()
      if (!event.repeat) handlers.openReception()
      return
    }
    if (event.altKey && !ctrl && !event.shiftKey && event.code === 'KeyN') {
      event.preventDefault()
      handlers.newRecord()
    }
  }

  /** Capture phase: the table's rows and PrimeVue inputs never see these keys first. */
  onMounted(() => window.addEventListener('keydown', onKeydown, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true))
}
