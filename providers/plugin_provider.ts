import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Maps the AdonisJS lifecycle onto plugins (discovery, manifests, boot hooks).
 * Filled in by the plugin kernel (app/plugins).
 */
export default class PluginProvider {
  constructor(protected app: ApplicationService) {}
}
