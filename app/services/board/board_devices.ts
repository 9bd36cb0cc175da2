import { createHash, randomBytes } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import Board from '#models/board'
import Branch from '#models/branch'
import Doctor from '#models/doctor'
import { FieldErrors } from '#exceptions/field_errors'
import { audit } from '#services/audit_service'
import type { BoardInput } from '#validators/board'
import { branchIdOrMain } from '#services/branches'

/** The key's SHA-256: the only form of it the database keeps. */
export function hashBoardKey(key: string) {
  return createHash('sha256').update(key).digest('hex')
}

function newKey() {
  return randomBytes(24).toString('base64url')
}

/**
 * Board devices (spec §6, contract `/api/admin/boards`): a secret key URL
 * `/display/<key>` per screen. The key is shown once, when it is made or
 * rotated; the database keeps its hash, so a leaked backup opens no board.
 */
class BoardDevices {
  list() {
    return Board.query().orderBy('branch_id').orderBy('name')
  }

  /** The active board a key opens, or null (wrong, rotated or switched off). */
  async findByKey(key: unknown) {
    /* Whatever a query string or header carried (`?key[]=…` is an array): only a string opens a board. */
    if (typeof key !== 'string' || !key || key.length > 100) return null
    return Board.query().where('key_hash', hashBoardKey(key)).where('active', true).first()
  }

  async create(input: BoardInput & { name: string }, ctx?: HttpContext) {
    const key = newKey()
    const board = new Board()
    board.merge({
      keyHash: hashBoardKey(key),
      keyHint: key.slice(-4),
      specialistIds: [],
      ticker: { ru: '', uz: '', en: '' },
      branchId: await branchIdOrMain(input.branch_id),
    })
    await this.#apply(board, input)
    await board.save()
    await audit(
      { event: 'board.created', entityType: 'board', entityId: board.id, after: board.serialize() },
      ctx
    )
    return { board, key }
  }

  async update(board: Board, input: BoardInput, ctx?: HttpContext) {
    const before = board.serialize()
    if (input.branch_id !== undefined) board.branchId = await branchIdOrMain(input.branch_id)
    await this.#apply(board, input)
    await board.save()
    await audit(
      {
        event: 'board.updated',
        entityType: 'board',
        entityId: board.id,
        before,
        after: board.serialize(),
      },
      ctx
    )
    return board
  }

  /** A new key; the old URL stops working at once (its streams are refused on reconnect). */
  async rotateKey(board: Board, ctx?: HttpContext) {
    const key = newKey()
    board.merge({ keyHash: hashBoardKey(key), keyHint: key.slice(-4) })
    await board.save()
    await audit({ event: 'board.key_rotated', entityType: 'board', entityId: board.id }, ctx)
    return key
  }

  async delete(board: Board, ctx?: HttpContext) {
    await board.delete()
    await audit(
      {
        event: 'board.deleted',
        entityType: 'board',
        entityId: board.id,
        before: board.serialize(),
      },
      ctx
    )
  }

  url(origin: string, key: string) {
    return `${origin}/display/${key}`
  }

  async #apply(board: Board, input: BoardInput) {
    if (input.specialist_ids !== undefined) {
      await this.#checkSpecialists(input.specialist_ids, board.branchId)
      board.specialistIds = input.specialist_ids
    }
    if (input.ticker !== undefined) board.ticker = { ...board.ticker, ...input.ticker }
    board.merge({
      name: input.name ?? board.name,
      privacy: input.privacy ?? board.privacy ?? 'number',
      theme: input.theme ?? board.theme ?? 'dark',
      nextCount: input.next_count ?? board.nextCount ?? 4,
      callSeconds: input.call_seconds ?? board.callSeconds ?? 30,
      voiceEnabled: input.voice_enabled ?? board.voiceEnabled ?? true,
      voiceLang: input.voice_lang ?? board.voiceLang ?? (await this.#branchLang(board.branchId)),
      voiceVolume: input.voice_volume ?? board.voiceVolume ?? 80,
      chimeEnabled: input.chime_enabled ?? board.chimeEnabled ?? true,
      pinnedMessage:
        input.pinned_message !== undefined ? input.pinned_message : (board.pinnedMessage ?? null),
      testMode: input.test_mode ?? board.testMode ?? false,
      active: input.active ?? board.active ?? true,
    })
  }

  /** Every listed doctor must exist in the board's branch. */
  async #checkSpecialists(ids: number[], branchId: number) {
    if (ids.length === 0) return
    const found = await Doctor.query().whereIn('id', ids).where('branch_id', branchId).select('id')
    const known = new Set(found.map((doctor) => doctor.id))
    const index = ids.findIndex((id) => !known.has(id))
    if (index >= 0) throw FieldErrors.of(`specialist_ids.${index}`, 'exists')
  }

  async #branchLang(branchId: number) {
    const locale = (await Branch.findOrFail(branchId)).locale
    return (['ru', 'uz', 'en'].includes(locale) ? locale : 'ru') as Board['voiceLang']
  }
}

export default new BoardDevices()
