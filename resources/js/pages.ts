import type { Component, DefineComponent } from 'vue'
import type { Page } from '@inertiajs/core'
import AppLayout from '~/layouts/app_layout.vue'
import CenteredLayout from '~/layouts/centered_layout.vue'

type PageModule = { default: DefineComponent }
type PageLoader = () => Promise<PageModule>

/**
 * Page name → loader. Host pages: resources/pages/<name>.vue → `<name>`.
 * Plugin pages: plugins/<id>/ui/pages/<path>.vue → `plugins/<id>/<path>`
 * (the test plugins under tests/fixtures/plugins are mapped the same way,
 * outside production builds only).
 */
export function mapPages(
  host: Record<string, PageLoader>,
  ...pluginSources: Record<string, PageLoader>[]
): Record<string, PageLoader> {
  const pages: Record<string, PageLoader> = {}
  for (const [path, loader] of Object.entries(host)) {
    const name = path.match(/\/pages\/(.+)\.vue$/)?.[1]
    if (name) pages[name] = loader
  }
  for (const source of pluginSources) {
    for (const [path, loader] of Object.entries(source)) {
      const match = path.match(/\/plugins\/([^/]+)\/ui\/pages\/(.+)\.vue$/)
      if (match) pages[`plugins/${match[1]}/${match[2]}`] = loader
    }
  }
  return pages
}

export const pages = mapPages(
  import.meta.glob<PageModule>('../pages/**/*.vue'),
  import.meta.glob<PageModule>('../../plugins/*/ui/pages/**/*.vue'),
  import.meta.env.PROD ? {} : import.meta.glob<PageModule>('../../tests/fixtures/plugins/*/ui/pages/**/*.vue')
)

export async function resolvePage(name: string): Promise<DefineComponent> {
  const load = pages[name]
  if (!load) throw new Error(`Unknown page "${name}"`)
  return (await load()).default
}

/**
 * The default layout: the staff shell for signed-in pages, a centered
 * layout for login, the platform landing and errors outside a session.
 * A page may still choose its own with `defineOptions({ layout })`.
 */
export function layoutFor(name: string, page: Page): Component {
  if (name.startsWith('auth/') || name.startsWith('platform/')) return CenteredLayout
  if (name.startsWith('errors/')) return page.props.user ? AppLayout : CenteredLayout
  return AppLayout
}
