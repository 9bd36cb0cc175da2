import app from '@adonisjs/core/services/app'
import type { Browser, Page, PDFOptions } from 'puppeteer-core'
import { resolveChromium } from '#services/printing/chromium'

/**
 * Documents may come from a clinic's own template (untrusted HTML): besides
 * scripts off and every request refused (each page), the browser's own
 * connections (a preconnect to a host named in the markup) go to a proxy that
 * does not exist, loopback included, so nothing behind the server is reached.
 */
const NO_NETWORK = ['--proxy-server=http://127.0.0.1:1', '--proxy-bypass-list=<-loopback>']
const EXTRA_ARGS = ['--headless', ...NO_NETWORK, '--font-render-hinting=none']
/** Idle pages kept warm; more render at once when needed and are closed after. */
const IDLE_PAGES = 2
const RENDER_TIMEOUT_MS = 15_000

export interface PdfPageOptions {
  /** A paper format (`A4`) or an explicit width such as `80mm`. */
  format?: PDFOptions['format']
  width?: string
  /** Explicit height; `'content'` measures the rendered page (narrow tickets). */
  height?: string | 'content'
  landscape?: boolean
  margin?: PDFOptions['margin']
  displayHeaderFooter?: boolean
  headerTemplate?: string
  footerTemplate?: string
}

/**
 * HTML → PDF with one warm headless Chromium for the whole process: launched
 * on first use, relaunched if it dies, closed when the app terminates. Pages
 * are reused, so a warm render is a `setContent` plus `page.pdf()`. The HTML
 * must be self-contained (inline CSS, data URIs, system fonts): the pages
 * refuse every network request.
 */
export class PdfService {
  #browser: Promise<Browser> | null = null
  #idle: Page[] = []
  #hooked = false

  async render(html: string, options: PdfPageOptions = {}): Promise<Buffer> {
    const page = await this.#acquire()
    let healthy = false
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS })
      let height = options.height
      if (height === 'content') {
        const pixels = Number(
          await page.evaluate('Math.ceil(document.documentElement.scrollHeight)')
        )
        height = `${pixels + 2}px`
      }
      const pdf = await page.pdf({
        format: options.width ? undefined : (options.format ?? 'A4'),
        width: options.width,
        height,
        landscape: options.landscape ?? false,
        printBackground: true,
        preferCSSPageSize: false,
        margin: options.margin ?? { top: '0', right: '0', bottom: '0', left: '0' },
        displayHeaderFooter: options.displayHeaderFooter ?? false,
        headerTemplate: options.headerTemplate ?? '<span></span>',
        footerTemplate: options.footerTemplate ?? '<span></span>',
        timeout: RENDER_TIMEOUT_MS,
      })
      healthy = true
      return Buffer.from(pdf)
    } finally {
      await this.#release(page, healthy)
    }
  }

  /** Renders HTML to a PNG of the given viewport (screenshots, previews). */
  async screenshot(html: string, viewport: { width: number; height: number }): Promise<Buffer> {
    const page = await this.#acquire()
    try {
      await page.setViewport({ ...viewport, deviceScaleFactor: 2 })
      await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS })
      return Buffer.from(await page.screenshot({ fullPage: true, type: 'png' }))
    } finally {
      await page.close().catch(() => {})
    }
  }

  /** Launches the browser ahead of the first request (optional). */
  async warmUp() {
    await this.#release(await this.#acquire(), true)
  }

  async close() {
    const browser = this.#browser
    this.#browser = null
    this.#idle = []
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {})
  }

  async #acquire(): Promise<Page> {
    const idle = this.#idle.pop()
    if (idle && !idle.isClosed()) return idle
    const browser = await this.#launch()
    const page = await browser.newPage()
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      const url = request.url()
      if (url.startsWith('data:') || url === 'about:blank') request.continue()
      else request.abort('blockedbyclient')
    })
    return page
  }

  async #release(page: Page, healthy: boolean) {
    if (healthy && !page.isClosed() && this.#idle.length < IDLE_PAGES) {
      this.#idle.push(page)
      return
    }
    await page.close().catch(() => {})
  }

  #launch(): Promise<Browser> {
    if (this.#browser) return this.#browser
    this.#hookShutdown()
    const launching: Promise<Browser> = import('puppeteer-core').then(
      async ({ default: puppeteer }) => {
        const chromium = await resolveChromium()
        const browser = await puppeteer.launch({
          executablePath: chromium.executablePath,
          args: [...chromium.args, ...EXTRA_ARGS],
          env: chromium.env,
          headless: true,
          handleSIGINT: false,
          handleSIGTERM: false,
        })
        /** A crashed or killed browser is relaunched by the next render. */
        browser.on('disconnected', () => {
          if (this.#browser !== launching) return
          this.#browser = null
          this.#idle = []
        })
        return browser
      }
    )
    launching.catch(() => {
      if (this.#browser === launching) this.#browser = null
    })
    this.#browser = launching
    return launching
  }

  #hookShutdown() {
    if (this.#hooked) return
    this.#hooked = true
    app?.terminating(() => this.close())
  }
}

const pdfService = new PdfService()
export default pdfService
