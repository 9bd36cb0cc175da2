/**
 * How Chromium is started on these machines (PDFs, browser tests and the
 * screenshot script): the system browser (TOOLCHAIN.md; CHROMIUM_PATH
 * overrides it), and no background network calls.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
