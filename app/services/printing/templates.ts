import { readFileSync } from 'node:fs'
import Handlebars from 'handlebars'

/**
 * Handlebars templates of printed documents (resources/templates/*.hbs),
 * compiled once on first use, always in standards mode. Every template gets `baseStyles` (base.css in
 * a style element). Values are HTML-escaped: patient names never become markup.
 */
const TEMPLATE_DIR = new URL('../../../resources/templates/', import.meta.url)

const engine = Handlebars.create()
/** `class="{{when paid 'paid'}}"`: an inline condition (blocks cannot sit inside attributes). */
engine.registerHelper('when', (condition: unknown, value: string) => (condition ? value : ''))

const compiled = new Map<string, Handlebars.TemplateDelegate>()
let baseStyles: string | null = null

export type TemplateName =
  'ticket' | 'registry_export' | 'queue_poster' | 'receipt' | 'receipt_summary'

export function renderTemplate(name: TemplateName, context: object): string {
  let template = compiled.get(name)
  if (!template) {
    const source = readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), 'utf8')
    /* Standards mode always (a formatter may drop the doctype of a .hbs file). */
    const html = /^\s*<!doctype/i.test(source) ? source : `<!DOCTYPE html>\n${source}`
    template = engine.compile(html, { strict: false, preventIndent: true })
    compiled.set(name, template)
  }
  baseStyles ??= `<style>\n${readFileSync(new URL('base.css', TEMPLATE_DIR), 'utf8')}</style>`
  return template({ baseStyles, ...context })
}
