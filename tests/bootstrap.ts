import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import { browserClient } from '@japa/browser-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { removeTestStorage, resetTestDatabases } from '#tests/helpers/test_databases'
import { resolveChromium } from '#services/printing/chromium'

/**
 * Tests run against their own storage (a fresh folder, or `clinic_test_*`
 * MySQL databases), never the dev data. bin/test.ts picks the folder.
 */
export const plugins: Config['plugins'] = [
  assert(),
  apiClient({ baseURL: `http://127.0.0.1:${process.env.PORT}` }),
  pluginAdonisJS(app),
  browserClient({
    runInSuites: ['browser'],
    contextOptions: { viewport: { width: 1440, height: 900 } },
    launcher: async (options) => {
      const { chromium } = await import('playwright-core')
      const browser = await resolveChromium()
      return chromium.launch({
        ...options,
        headless: true,
        executablePath: browser.executablePath,
        args: browser.args,
        env: browser.env,
      })
    },
  }),
]

export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [() => resetTestDatabases()],
  teardown: [() => removeTestStorage()],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional'].includes(suite.name)) {
    return suite.setup(async () => {
      const close = await testUtils.httpServer().start()
      return async () => {
        const { closeAllStreams } = await import('#services/board/live_streams')
        closeAllStreams()
        await close()
      }
    })
  }
}
