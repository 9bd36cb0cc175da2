/**
 * A look at a video's container, not its frames (decoding video is out of
 * scope: the board's browser plays it in its own sandboxed decoder). Catches
 * a file that only starts like a video, or was cut short: every top-level
 * MP4 box must fit the file and `ftyp`, `moov` and `mdat` be there; a WebM
 * must be an EBML header followed by a Segment whose declared size fits.
 * Returns what is wrong, or null.
 */
export function videoContainerProblem(bytes: Buffer, mime: 'video/mp4' | 'video/webm') {
  return mime === 'video/mp4' ? mp4Problem(bytes) : webmProblem(bytes)
}

function mp4Problem(bytes: Buffer): string | null {
  const seen = new Set<string>()
  let offset = 0
  while (offset < bytes.length) {
    if (bytes.length - offset < 8) return 'box header cut short'
    let size = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    let header = 8
    if (size === 1) {
      if (bytes.length - offset < 16) return 'box header cut short'
      const large = bytes.readBigUInt64BE(offset + 8)
      if (large > BigInt(bytes.length)) return `box ${type} larger than the file`
      size = Number(large)
      header = 16
    } else if (size === 0) {
      size = bytes.length - offset
    }
    if (size < header) return `box ${type} has an impossible size`
    if (offset + size > bytes.length) return `box ${type} cut short`
    if (offset === 0 && type !== 'ftyp') return 'no ftyp box first'
    seen.add(type)
    offset += size
  }
  for (const needed of ['ftyp', 'moov', 'mdat']) if (!seen.has(needed)) return `no ${needed} box`
  return null
}

/** An EBML variable-size integer at `offset`: its length and value (null: "unknown size"). */
function vint(bytes: Buffer, offset: number, keepMarker: boolean) {
  if (offset >= bytes.length) return null
  const first = bytes[offset]
  let length = 1
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++
  if (length > 8 || offset + length > bytes.length) return null
  let value = BigInt(keepMarker ? first : first & (0xff >> length))
  let allOnes = (first & (0xff >> length)) === 0xff >> length
  for (let i = 1; i < length; i++) {
    value = (value << 8n) | BigInt(bytes[offset + i])
    if (bytes[offset + i] !== 0xff) allOnes = false
  }
  return { length, value, unknown: !keepMarker && allOnes }
}

function webmProblem(bytes: Buffer): string | null {
  const headerId = vint(bytes, 0, true)
  if (!headerId || headerId.value !== 0x1a45dfa3n) return 'no EBML header'
  const headerSize = vint(bytes, headerId.length, false)
  if (!headerSize || headerSize.unknown) return 'EBML header size unreadable'
  const segmentAt = headerId.length + headerSize.length + Number(headerSize.value)
  if (segmentAt > bytes.length) return 'EBML header cut short'
  const segmentId = vint(bytes, segmentAt, true)
  if (!segmentId || segmentId.value !== 0x18538067n) return 'no Segment after the header'
  const segmentSize = vint(bytes, segmentAt + segmentId.length, false)
  if (!segmentSize) return 'Segment size unreadable'
  const dataAt = segmentAt + segmentId.length + segmentSize.length
  /* A live recording may leave the size unknown; then the Segment runs to the end of the file. */
  if (!segmentSize.unknown && BigInt(dataAt) + segmentSize.value > BigInt(bytes.length)) {
    return 'Segment cut short'
  }
  if (dataAt >= bytes.length) return 'empty Segment'
  return null
}
