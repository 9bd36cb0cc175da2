import { inflateSync } from 'node:zlib'

/**
 * The text of a PDF that Chromium (Skia) printed, for assertions: Type0
 * fonts with Identity-H encoding and ToUnicode maps, Flate streams. Not a
 * general PDF reader (no xref streams, no encryption). Each text object
 * (BT … ET) becomes one line; glyph runs inside it are joined.
 */
export function pdfText(pdf: Buffer): { pages: number; text: string } {
  const source = pdf.toString('latin1')
  const objects = new Map<number, { dict: string; stream: Buffer | null }>()
  const objectPattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g
  for (let match = objectPattern.exec(source); match; match = objectPattern.exec(source)) {
    const body = match[2]
    const streamAt = body.indexOf('stream')
    if (streamAt === -1) {
      objects.set(Number(match[1]), { dict: body, stream: null })
      continue
    }
    const dict = body.slice(0, streamAt)
    const start = match.index + match[0].indexOf(body) + streamAt + 'stream'.length
    const dataStart = source[start] === '\r' ? start + 2 : start + 1
    const length = Number(dict.match(/\/Length (\d+)/)?.[1] ?? 0)
    const raw = pdf.subarray(dataStart, dataStart + length)
    objects.set(Number(match[1]), {
      dict,
      stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw,
    })
  }

  const cmaps = new Map<number, Map<string, string>>()
  const cmapOf = (fontObject: number) => {
    const font = objects.get(fontObject)
    const ref = font?.dict.match(/\/ToUnicode (\d+) 0 R/)?.[1]
    if (!ref) return new Map<string, string>()
    if (!cmaps.has(Number(ref))) {
      cmaps.set(Number(ref), parseCmap(objects.get(Number(ref))?.stream?.toString('latin1') ?? ''))
    }
    return cmaps.get(Number(ref))!
  }

  const lines: string[] = []
  let pages = 0
  for (const { dict } of objects.values()) {
    if (!/\/Type \/Page\b/.test(dict)) continue
    pages++
    const fonts = new Map<string, number>()
    const fontDict = dict.match(/\/Font <<([^>]*)>>/)?.[1] ?? ''
    for (const [, name, ref] of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g))
      fonts.set(name, Number(ref))
    const contentRefs = [
      ...(dict.match(/\/Contents (\[[^\]]*\]|\d+ 0 R)/)?.[1] ?? '').matchAll(/(\d+) 0 R/g),
    ]
    for (const [, ref] of contentRefs) {
      const content = objects.get(Number(ref))?.stream?.toString('latin1') ?? ''
      let cmap = new Map<string, string>()
      let line = ''
      const tokens = /\/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)>|\b(ET)\b/g
      for (let token = tokens.exec(content); token; token = tokens.exec(content)) {
        if (token[1]) cmap = cmapOf(fonts.get(token[1]) ?? -1)
        else if (token[2] !== undefined) {
          for (let i = 0; i + 4 <= token[2].length; i += 4) {
            line += cmap.get(token[2].slice(i, i + 4).toUpperCase()) ?? ''
          }
        } else if (token[3]) {
          if (line.trim()) lines.push(line)
          line = ''
        }
      }
    }
  }
  return { pages, text: lines.join('\n') }
}

function parseCmap(cmap: string) {
  const map = new Map<string, string>()
  const decode = (hex: string) => {
    let text = ''
    for (let i = 0; i + 4 <= hex.length; i += 4)
      text += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16))
    return text
  }
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set(from.toUpperCase().padStart(4, '0'), decode(to))
    }
  }
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, target] of block.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g
    )) {
      const first = Number.parseInt(low, 16)
      const last = Number.parseInt(high, 16)
      const targets = target.startsWith('[')
        ? [...target.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => m[1])
        : null
      for (let code = first; code <= last; code++) {
        const key = code.toString(16).toUpperCase().padStart(4, '0')
        if (targets) map.set(key, decode(targets[code - first] ?? ''))
        else {
          const base = target.slice(1, -1)
          const start = Number.parseInt(base.slice(-4), 16) + (code - first)
          map.set(key, decode(base.slice(0, -4)) + String.fromCharCode(start))
        }
      }
    }
  }
  return map
}

/** The text with runs of whitespace collapsed, for `includes` checks. */
export function pdfPlainText(pdf: Buffer) {
  return pdfText(pdf).text.replace(/\s+/g, ' ')
}
