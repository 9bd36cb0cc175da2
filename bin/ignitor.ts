import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

/**
 * One Ignitor setup shared by the HTTP server, ace and the test runner.
 */
export function createIgnitor() {
  /*
   * Issue 12 F10: what the app writes (tenant databases, uploaded files,
   * secrets.json) is readable by this user only: files 0600, folders 0700.
   */
  process.umask(0o077)
  const APP_ROOT = new URL('../', import.meta.url)
  const IMPORTER = (filePath: string) => {
    if (filePath.startsWith('./') || filePath.startsWith('../')) {
      return import(new URL(filePath, APP_ROOT).href)
    }
    return import(filePath)
  }

  return new Ignitor(APP_ROOT, { importer: IMPORTER }).tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
}
