import { readFileSync } from 'node:fs'
import { TICKET_LANGS, type TicketLang } from '#services/printing/printing_types'

type Tree = { [key: string]: string | Tree }

/** resources/lang, found from this file so it works without a booted app (benchmarks) and in builds. */
const LANG_DIR = new URL('../../../resources/lang/', import.meta.url)

const cache = new Map<TicketLang, Tree>()

function load(lang: TicketLang): Tree {
  let tree = cache.get(lang)
  if (!tree) {
    tree = JSON.parse(readFileSync(new URL(`${lang}/ticket.json`, LANG_DIR), 'utf8')) as Tree
    cache.set(lang, tree)
  }
  return tree
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

export function isTicketLang(value: unknown): value is TicketLang {
  return typeof value === 'string' && (TICKET_LANGS as readonly string[]).includes(value)
}

/** The first supported language of the candidates, else Russian. */
export function pickLang(...candidates: unknown[]): TicketLang {
  return (candidates.find(isTicketLang) as TicketLang | undefined) ?? 'ru'
}

export type Translate = (key: string, params?: Record<string, string | number>) => string

/**
 * Texts of tickets, posters and exports (resources/lang/<lang>/ticket.json):
 * `{name}` placeholders only, so they print the same on paper and in PDFs.
 * A key missing in uz or en falls back to ru, then to the key itself.
 */
export function ticketTranslator(lang: TicketLang): Translate {
  const own = load(lang)
  return (key, params) => {
    const text = lookup(own, key) ?? lookup(load('ru'), key) ?? key
    if (!params) return text
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      params[name] === undefined ? match : String(params[name])
    )
  }
}

/** Like ticketTranslator, but returns undefined for a missing key (optional texts such as hints). */
export function optionalText(lang: TicketLang, key: string): string | undefined {
  return lookup(load(lang), key) ?? lookup(load('ru'), key)
}
