import { readFile } from 'node:fs/promises'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { fileTypeFromBuffer } from 'file-type'
import sharp, { type Metadata } from 'sharp'
import { AppException } from '#exceptions/app_exception'
import { FieldErrors } from '#exceptions/field_errors'
import { videoContainerProblem } from '#services/uploads/video_container'

/**
 * The one rule every uploaded file goes through (issue 12, F5): the type is
 * read from the bytes, never the name; a picture is decoded in full, refused
 * when it does not decode (damaged, cut short) or declares more pixels than
 * its use allows (checked on the header, before anything is decoded: a
 * 661-byte PNG may declare 20000×20000), scaled down to its use's size and
 * re-encoded, so only pixels we wrote are stored: no EXIF (GPS, camera), no
 * comments, no trailing bytes. Videos are not decoded here: their container
 * is checked (signature, box or element sizes that fit the file). A new kind
 * of upload adds its rule to `UPLOAD_RULES` and calls `checkUpload`.
 */

export type UploadKind = 'image' | 'video'

interface ImageLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number
  /** Largest input accepted (width × height, read from the header, refused before decoding). */
  maxInputPixels: number
  /** Largest input side, in pixels. */
  maxInputSide: number
  /** The stored picture fits in this square (scaled down, never up). */
  maxSide: number
}

export interface UploadRule {
  /** The form field, named in the errors. */
  field: string
  /** The MIME types accepted, with their limits. */
  images: Partial<Record<ImageMime, ImageLimits>>
  videos?: Partial<Record<VideoMime, { maxBytes: number }>>
  /** The message rule of a refused type (`validator.shared.messages.<rule>`). */
  typeRule: string
}

type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp'
type VideoMime = 'video/mp4' | 'video/webm'

const MB = 1024 * 1024

/** A picture shown small (a logo, a portrait): a PDF header, a call card, a sidebar mark. */
const SMALL_PICTURE: ImageLimits = {
  maxBytes: 3 * MB,
  maxInputPixels: 40_000_000,
  maxInputSide: 12_000,
  maxSide: 1024,
}

/** A picture shown full screen on a board (a 4K screen, either way round). */
const SCREEN_PICTURE: ImageLimits = {
  maxBytes: 5 * MB,
  maxInputPixels: 40_000_000,
  maxInputSide: 12_000,
  maxSide: 3840,
}

const allImages = (limits: ImageLimits) => ({
  'image/png': limits,
  'image/jpeg': limits,
  'image/webp': limits,
})

export const UPLOAD_RULES = {
  /** Settings → General: the clinic's logo (PDFs, panels, boards, the /q page). */
  clinicLogo: {
    field: 'logo',
    typeRule: 'imageType',
    images: allImages({ ...SMALL_PICTURE, maxBytes: MB }),
  },
  /** Admin → Doctors: a doctor's photo (admin list, the board's call card). */
  doctorPhoto: {
    field: 'photo',
    typeRule: 'imageType',
    images: allImages(SMALL_PICTURE),
  },
  /** Admin → Boards: banners and short videos a board plays (BRD-R7). */
  boardMedia: {
    field: 'file',
    typeRule: 'mediaType',
    images: allImages(SCREEN_PICTURE),
    videos: { 'video/mp4': { maxBytes: 20 * MB }, 'video/webm': { maxBytes: 20 * MB } },
  },
} satisfies Record<string, UploadRule>

export interface CheckedUpload {
  kind: UploadKind
  mime: string
  ext: string
  /** What to store: the re-encoded picture, or the checked video as it came. */
  bytes: Buffer
  width?: number
  height?: number
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
}

const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`

/** 422 with a message in the request's language (`errors.<code>`), naming the field. */
function refuse(code: string, rule: UploadRule, details: Record<string, unknown> = {}) {
  return new AppException(code, 422, { field: rule.field, ...details })
}

/**
 * Checks an uploaded file against its rule and returns what may be stored.
 * Refusals: no file (422 `required`), a type the rule does not take (422 with
 * the rule's type message), too many bytes (422 `fileSize`), too many pixels
 * (422 `IMAGE_TOO_LARGE`), a picture that does not decode (422
 * `IMAGE_UNREADABLE`), a video container that does not hold together (422
 * `VIDEO_UNREADABLE`).
 */
export async function checkUpload(
  file: MultipartFile | null | undefined,
  rule: UploadRule
): Promise<CheckedUpload> {
  if (!file || !file.tmpPath) throw FieldErrors.of(rule.field, 'required')
  const bytes = await readFile(file.tmpPath)
  return checkUploadBytes(bytes, rule)
}

export async function checkUploadBytes(bytes: Buffer, rule: UploadRule): Promise<CheckedUpload> {
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined)
  const mime = detected?.mime as string | undefined
  const image = mime ? rule.images[mime as ImageMime] : undefined
  const video = mime && rule.videos ? rule.videos[mime as VideoMime] : undefined
  if (!mime || (!image && !video)) throw FieldErrors.of(rule.field, rule.typeRule)
  const maxBytes = (image ?? video)!.maxBytes
  if (bytes.length > maxBytes) {
    throw FieldErrors.of(rule.field, 'fileSize', { size: megabytes(maxBytes) })
  }
  if (video) {
    if (videoContainerProblem(bytes, mime as VideoMime)) throw refuse('VIDEO_UNREADABLE', rule)
    return { kind: 'video', mime, ext: EXTENSIONS[mime], bytes }
  }
  return reencode(bytes, mime as ImageMime, image!, rule)
}

async function reencode(
  bytes: Buffer,
  mime: ImageMime,
  limits: ImageLimits,
  rule: UploadRule
): Promise<CheckedUpload> {
  /* The header alone: what the picture claims, before a single pixel is decoded. */
  let header: Metadata
  try {
    header = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    throw refuse('IMAGE_UNREADABLE', rule)
  }
  const width = header.autoOrient?.width ?? header.width ?? 0
  const height = header.autoOrient?.height ?? header.height ?? 0
  if (!width || !height) throw refuse('IMAGE_UNREADABLE', rule)
  if (
    width * height > limits.maxInputPixels ||
    width > limits.maxInputSide ||
    height > limits.maxInputSide
  ) {
    throw refuse('IMAGE_TOO_LARGE', rule, {
      width,
      height,
      max_megapixels: Math.floor(limits.maxInputPixels / 1_000_000),
      max_side: limits.maxInputSide,
    })
  }

  /*
   * The whole picture decoded (a truncated or damaged one fails here), the
   * camera's orientation applied, scaled into its use's square, written anew
   * in its own format without metadata (sharp keeps none unless asked; a
   * colour profile is converted to sRGB). limitInputPixels refuses again,
   * inside libvips, whatever the header check let through.
   */
  const pipeline = sharp(bytes, {
    limitInputPixels: limits.maxInputPixels,
    failOn: 'error',
    autoOrient: true,
    sequentialRead: true,
  }).resize({
    width: limits.maxSide,
    height: limits.maxSide,
    fit: 'inside',
    withoutEnlargement: true,
  })
  const encoded =
    mime === 'image/png'
      ? pipeline.png()
      : mime === 'image/webp'
        ? pipeline.webp({ quality: 85 })
        : pipeline.jpeg({ quality: 85, mozjpeg: true })
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true })
    return {
      kind: 'image',
      mime,
      ext: EXTENSIONS[mime],
      bytes: data,
      width: info.width,
      height: info.height,
    }
  } catch {
    throw refuse('IMAGE_UNREADABLE', rule)
  }
}

/**
 * For pictures stored before these checks: true when the bytes' header
 * declares no more pixels than the rule's first image type allows (cheap:
 * the header only). A PDF skips a logo that fails it instead of hanging.
 */
export async function fitsRule(bytes: Uint8Array, rule: UploadRule) {
  const limits = Object.values(rule.images)[0]
  if (!limits) return false
  try {
    const { width = 0, height = 0 } = await sharp(bytes, { limitInputPixels: false }).metadata()
    return width > 0 && height > 0 && width * height <= limits.maxInputPixels
  } catch {
    return false
  }
}
