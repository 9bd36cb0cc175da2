type Dict = Record<string, unknown>

/** PrimeVue's own texts (table, dialogs, pickers) from the `ui.primevue` translations over its English defaults. */
export function primeVueLocale(defaults: Dict, messages: Dict): Dict {
  const ui = (messages.ui ?? {}) as Dict
  const ours = (ui.primevue ?? {}) as Dict
  return {
    ...defaults,
    ...ours,
    aria: { ...((defaults.aria ?? {}) as Dict), ...((ours.aria ?? {}) as Dict) },
  }
}
