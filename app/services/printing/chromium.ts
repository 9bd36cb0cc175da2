import { execFile } from 'node:child_process'
import { constants } from 'node:fs'
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/**
 * The one place that says which Chromium runs PDFs, browser tests and the
 * screenshot script, and how:
 *
 * - the system browser when there is one: `CHROMIUM_PATH`, else the first of
 *   SYSTEM_CANDIDATES that exists;
 * - otherwise the Chromium that `npm install` brought (`@sparticuz/chromium`,
 *   a headless-shell build shipped inside its npm tarball), unpacked once per
 *   version into the project's `tmp/chromium/`, with the NSS/expat libraries
 *   of its package and fonts from npm (DejaVu from `dejavu-fonts-ttf`, Open
 *   Sans from the package), so it runs on a machine that has only Node.
 *
 * `CHROMIUM_SOURCE=npm` forces the npm browser (CI checks it with the system
 * one hidden), `CHROMIUM_SOURCE=system` refuses to fall back to it.
 */
export interface ResolvedChromium {
  source: 'system' | 'npm'
  executablePath: string
  /** Flags every launch passes (no sandbox, no GPU, no background network calls). */
  args: string[]
  /** The browser process's whole environment (the npm browser adds its libraries and fonts). */
  env: Record<string, string>
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
]

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** An unpack interrupted (killed process) leaves its staging folder; older ones are removed. */
const STALE_STAGING_MS = 30 * 60_000

let resolving: Promise<ResolvedChromium> | null = null

/** Resolved once per process; a failure is retried by the next call. */
export function resolveChromium(): Promise<ResolvedChromium> {
  if (!resolving) {
    resolving = pick()
    resolving.catch(() => (resolving = null))
  }
  return resolving
}

async function pick(): Promise<ResolvedChromium> {
  const wanted = (process.env.CHROMIUM_SOURCE || 'auto').toLowerCase()
  if (!['auto', 'system', 'npm'].includes(wanted)) {
    throw new Error(`CHROMIUM_SOURCE must be auto, system or npm, not "${wanted}"`)
  }
  if (wanted !== 'npm') {
    const system = await systemChromium()
    if (system) return { source: 'system', executablePath: system, args: CHROMIUM_ARGS, env: env() }
    if (wanted === 'system') {
      throw new Error(
        `CHROMIUM_SOURCE=system but no Chromium at ${SYSTEM_CANDIDATES.join(', ')}: install one or set CHROMIUM_PATH`
      )
    }
  }
  return npmChromium()
}

async function systemChromium(): Promise<string | null> {
  const configured = process.env.CHROMIUM_PATH
  if (configured) {
    if (await isExecutable(configured)) return configured
    throw new Error(`CHROMIUM_PATH=${configured} is not an executable file`)
  }
  for (const candidate of SYSTEM_CANDIDATES) {
    if (await isExecutable(candidate)) return candidate
  }
  return null
}

async function isExecutable(path: string) {
  try {
    await access(path, constants.X_OK)
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

async function npmChromium(): Promise<ResolvedChromium> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No system Chromium found, and the npm one (@sparticuz/chromium) is built for linux x64 only, not ${process.platform} ${process.arch}: install Chromium or set CHROMIUM_PATH`
    )
  }
  const require = createRequire(import.meta.url)
  const packageDir = dirname(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))))
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'))
  const dir = await unpack(join(packageDir, 'bin'), version)
  const dejavu = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
  const fontsConf = await writeFontsConf(dir, [join(dir, 'fonts', 'fonts'), dejavu])
  const libraries = join(dir, 'al2023', 'lib')
  const inherited = process.env.LD_LIBRARY_PATH
  return {
    source: 'npm',
    executablePath: join(dir, 'chromium'),
    args: CHROMIUM_ARGS,
    env: env({
      LD_LIBRARY_PATH: inherited ? `${libraries}:${inherited}` : libraries,
      FONTCONFIG_PATH: dir,
      FONTCONFIG_FILE: fontsConf,
    }),
  }
}

/**
 * Unpacks the browser, its fonts and libraries into `<tmp>/chromium/<version>`
 * unless there already: in a staging folder by the package's own `inflate`
 * (in a child process, whose TMPDIR is where it writes), then renamed into
 * place, so a concurrent or interrupted unpack never leaves a half browser.
 */
async function unpack(bin: string, version: string): Promise<string> {
  const root = await writableRoot()
  const dir = join(root, version)
  if (await isExecutable(join(dir, 'chromium'))) return dir

  await removeStaleStaging(root)
  const staging = join(root, `.unpack-${process.pid}-${Date.now()}`)
  await mkdir(staging, { recursive: true })
  try {
    const script = `
      const { inflate } = await import('@sparticuz/chromium')
      for (const file of ${JSON.stringify(['chromium.br', 'fonts.tar.br', 'al2023.tar.br'])}) {
        await inflate(${JSON.stringify(bin)} + '/' + file)
      }`
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TMPDIR: staging, TMP: staging, TEMP: staging },
      timeout: 120_000,
    })
    try {
      await rename(staging, dir)
    } catch (error) {
      /** Another process won the race: its copy is complete. */
      if (!(await isExecutable(join(dir, 'chromium')))) throw error
    }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return dir
}

/** The project's `tmp/chromium`, or the system's temp folder when the project is read-only. */
async function writableRoot(): Promise<string> {
  for (const root of [join(PROJECT_ROOT, 'tmp', 'chromium'), join(tmpdir(), 'clinic-chromium')]) {
    try {
      await mkdir(root, { recursive: true })
      await access(root, constants.W_OK)
      return root
    } catch {}
  }
  throw new Error('No writable folder to unpack the npm Chromium into (tmp/chromium)')
}

async function removeStaleStaging(root: string) {
  for (const name of await readdir(root).catch(() => [])) {
    if (!name.startsWith('.unpack-')) continue
    const path = join(root, name)
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }))
    if (Date.now() - mtimeMs > STALE_STAGING_MS) await rm(path, { recursive: true, force: true })
  }
}

/**
 * The npm browser's fontconfig: the system's configuration when there is one
 * (same fonts as the system browser), plus the bundled DejaVu and Open Sans,
 * and DejaVu for the generic families, so ru/uz/en text (Cyrillic, oʻ gʻ, №)
 * renders without any system font.
 */
async function writeFontsConf(dir: string, fontDirs: string[]): Promise<string> {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const alias = (generic: string, family: string) =>
    `  <alias><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`
  const content = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ...fontDirs.map((fontDir) => `  <dir>${xml(fontDir)}</dir>`),
    `  <cachedir>${xml(join(dir, 'fonts-cache'))}</cachedir>`,
    alias('sans-serif', 'DejaVu Sans'),
    alias('serif', 'DejaVu Serif'),
    alias('monospace', 'DejaVu Sans Mono'),
    '</fontconfig>',
    '',
  ].join('\n')
  const path = join(dir, 'fonts.conf')
  if ((await readFile(path, 'utf8').catch(() => null)) !== content) {
    const temporary = `${path}.${process.pid}`
    await writeFile(temporary, content)
    await rename(temporary, path)
  }
  return path
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) result[key] = value
  }
  return { ...result, ...extra }
}
