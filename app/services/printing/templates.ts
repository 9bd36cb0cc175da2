import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import Handlebars from 'handlebars'

/**
 * Handlebars templates of printed documents: the built-in ones
 * (resources/templates/*.hbs, compiled once on first use) and a clinic's own
 * (admin settings `printing.template.<name>`, compiled once per content).
 * Always standards mode; every template gets `baseStyles` (base.css in a
 * style element). Values are HTML-escaped: patient names never become markup.
 */
const TEMPLATE_DIR = new URL('../../../resources/templates/', import.meta.url)

export type TemplateName =
  'ticket' | 'registry_export' | 'queue_poster' | 'receipt' | 'receipt_summary'

/** The documents a clinic may replace with its own template from the admin panel. */
export const CLINIC_TEMPLATES = ['receipt', 'ticket'] as const
export type ClinicTemplateName = (typeof CLINIC_TEMPLATES)[number]

/**
 * A clinic's template is untrusted: it gets only our `when` helper (no
 * `log`), and objects expose their own properties only (Handlebars' prototype
 * access stays off). Chromium then renders it without scripts or network.
 */
const RUNTIME: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
}

function newEngine() {
  const engine = Handlebars.create()
  /** `class="{{when paid 'paid'}}"`: an inline condition (blocks cannot sit inside attributes). */
  engine.registerHelper('when', (condition: unknown, value: string) => (condition ? value : ''))
  engine.unregisterHelper('log')
  return engine
}

const engine = newEngine()
const builtIn = new Map<string, Handlebars.TemplateDelegate>()
let baseStyles: string | null = null

/** Kept compiled clinic templates (a clinic has a few; edits add new versions). */
const CLINIC_CACHE_SIZE = 200
const clinicCompiled = new Map<string, Handlebars.TemplateDelegate | Error>()

/** Standards mode always (a formatter or an admin may drop the doctype). */
const withDoctype = (source: string) =>
  /^\s*<!doctype/i.test(source) ? source : `<!DOCTYPE html>\n${source}`

const contextOf = (context: object) => {
  baseStyles ??= `<style>\n${readFileSync(new URL('base.css', TEMPLATE_DIR), 'utf8')}</style>`
  return { baseStyles, ...context }
}

/** The source of a built-in template, as shipped (the admin panel starts a clinic's own from it). */
export function builtInSource(name: TemplateName) {
  return readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), 'utf8')
}

/** Renders a built-in template. */
export function renderTemplate(name: TemplateName, context: object): string {
  let template = builtIn.get(name)
  if (!template) {
    template = engine.compile(withDoctype(builtInSource(name)), {
      strict: false,
      preventIndent: true,
    })
    builtIn.set(name, template)
  }
  return template(contextOf(context), RUNTIME)
}

/**
 * Renders a clinic's own template source. Compiled once per content (by its
 * SHA-256; a syntax error is remembered too); throws on a syntax error or
 * when rendering fails.
 */
export function renderClinicTemplate(source: string, context: object): string {
  const key = createHash('sha256').update(source).digest('hex')
  let template = clinicCompiled.get(key)
  if (!template) {
    try {
      const html = withDoctype(source)
      engine.parse(html)
      template = engine.compile(html, { strict: false, preventIndent: true })
    } catch (error) {
      template = error instanceof Error ? error : new Error(String(error))
    }
    if (clinicCompiled.size >= CLINIC_CACHE_SIZE) {
      clinicCompiled.delete(clinicCompiled.keys().next().value!)
    }
    clinicCompiled.set(key, template)
  }
  if (template instanceof Error) throw template
  return template(contextOf(context), RUNTIME)
}
