import { readFileSync } from 'node:fs'
import type { TicketLang } from '#services/printing/printing_types'
import { TICKET_LANGS } from '#services/printing/printing_types'

type Tree = { [key: string]: string | Tree }

/** resources/lang, found from this file so it works without a booted app (benchmarks). */
const LANG_DIR = new URL('../../../resources/lang/', import.meta.url)
const cache = new Map<TicketLang, Tree>()

function load(lang: TicketLang): Tree {
  let tree = cache.get(lang)
  if (!tree) {
    tree = JSON.parse(readFileSync(new URL(`${lang}/payments.json`, LANG_DIR), 'utf8')) as Tree
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

/**
 * Texts of receipts and of providers' localized messages
 * (resources/lang/<lang>/payments.json, the file the cash desk page uses too).
 */
export function paymentText(lang: TicketLang, key: string, params: Record<string, unknown> = {}) {
  const text = lookup(load(lang), key) ?? lookup(load('ru'), key) ?? key
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    params[name] === undefined ? match : String(params[name])
  )
}

/** `{ru, uz, en}` of one key: what Payme shows its user. */
export function allLanguages(key: string, params: Record<string, unknown> = {}) {
  return Object.fromEntries(
    TICKET_LANGS.map((lang) => [lang, paymentText(lang, key, params)])
  ) as Record<TicketLang, string>
}
