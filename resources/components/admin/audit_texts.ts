import { useI18n } from 'vue-i18n'

/**
 * Audit log names in the user's language (resources/lang/<locale>/admin_audit.json):
 * events such as `visit.created`, their groups (`visit.`) and entity types.
 * A name without a translation (a plugin's own event) is shown as written.
 */
export function useAuditTexts() {
  const { t, te } = useI18n()
  const text = (key: string, fallback: string) => (te(key) ? t(key) : fallback)

  const eventLabel = (event: string) => text(`admin_audit.events.${event}`, event)
  const groupLabel = (group: string) => text(`admin_audit.groups.${group}`, group)
  const entityLabel = (type: string) => text(`admin_audit.entities.${type}`, type)

  /** The event filter's choices: per group, "all of the group" (a `group.` prefix) and each event. */
  function eventOptions(events: string[]) {
    const groups = new Map<string, { value: string; label: string }[]>()
    for (const event of events) {
      const group = event.split('.')[0]
      if (!groups.has(group)) groups.set(group, [{ value: `${group}.`, label: t('admin.logs.all_of_group', { group: groupLabel(group) }) }])
      groups.get(group)!.push({ value: event, label: eventLabel(event) })
    }
    return [...groups.entries()].map(([group, items]) => ({ label: groupLabel(group), items }))
  }

  return { eventLabel, groupLabel, entityLabel, eventOptions }
}
