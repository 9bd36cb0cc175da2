import logger from '@adonisjs/core/services/logger'
import settingsService from '#services/settings/settings_service'
import { currentTenant } from '#tenants/context'
import {
  renderClinicTemplate,
  renderTemplate,
  type ClinicTemplateName,
} from '#services/printing/templates'

/** The setting that holds a clinic's own template of a document. */
export const templateSetting = (name: ClinicTemplateName) => `printing.template.${name}`

/**
 * A document in the clinic's own template when the admin set one, else in
 * the built-in one. A clinic template that fails to render falls back to the
 * built-in template with a warning in the log: a receipt always comes out.
 */
export async function renderDocument(name: ClinicTemplateName, context: object) {
  const runtime = currentTenant()
  const source = runtime ? await settingsService.get<string | null>(templateSetting(name)) : null
  if (!source) return renderTemplate(name, context)
  try {
    return renderClinicTemplate(source, context)
  } catch (error) {
    logger.warn(
      { err: error, tenant: runtime?.tenant.slug, template: name },
      'the clinic print template failed; the built-in one was used'
    )
    return renderTemplate(name, context)
  }
}
