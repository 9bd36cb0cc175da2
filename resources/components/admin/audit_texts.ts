import { useI18n } from 'vue-i18n'

/**
 * Where the stored codes of a field are translated, reusing the texts the panels show them with:
 * a key prefix (the code is appended), or one per entity type when the field means different things
 * (`status` of a visit, a payment, a queue entry). Settings keys name their own choices.
 */
const CODE_TEXTS: Record<string, string | Record<string, string>> = {
  'status': { visit: 'registry.status.', payment: 'payments.statuses.', queue_entry: 'registry.entry_status.' },
  'type': { visit: 'registry.visit_type.' },
  'source': { visit: 'registry.source.' },
  'payment_status': 'registry.payment_status.',
  'payment_type': 'registry.payment_type.',
  'method': 'payments.method.',
  'provider': 'payments.providers.',
  'specialty': 'ui.specialties.',
  'category': 'registry.categories.',
  'roles': 'roles.',
  'role': 'roles.',
  'locale': 'ui.languages.',
  'booking.auto_cancel': 'admin.settings.auto_cancel_',
  'security.require_2fa_roles': 'roles.',
  'payments.receipt.paper': 'admin.settings.receipt_papers.',
  'ai.provider': 'admin.settings.ai_providers.',
}

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

  /** A stored code of a field (`no_show`, `cash`, `reception`) as the panels name it; an unknown one as written. */
  function codeLabel(field: string, code: string, entityType: string | null) {
    const texts = CODE_TEXTS[field]
    const prefix = typeof texts === 'string' ? texts : entityType ? texts?.[entityType] : undefined
    return prefix ? text(`${prefix}${code}`, code) : code
  }

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

  return { eventLabel, groupLabel, entityLabel, codeLabel, eventOptions }
}
