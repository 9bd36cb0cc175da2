import { createHmac } from 'node:crypto'
import env from '#start/env'
import Board from '#models/board'
import Branch from '#models/branch'
import { hashBoardKey } from '#services/board/board_devices'

/**
 * The demo clinic's hall board. Its key derives from APP_KEY (kept in the
 * storage's secrets on the embedded default), so `npm start` can print the
 * same board URL at every start without the database keeping the key.
 */
export function demoBoardKey() {
  return createHmac('sha256', env.get('APP_KEY').release())
    .update('demo-board')
    .digest('base64url')
    .slice(0, 32)
}

/** Creates the demo board inside the demo tenant unless it exists. */
export async function ensureDemoBoard() {
  const keyHash = hashBoardKey(demoBoardKey())
  if (await Board.findBy('key_hash', keyHash)) return
  const branch = await Branch.findByOrFail('is_default', true)
  await Board.create({
    branchId: branch.id,
    name: 'Зал ожидания',
    keyHash,
    keyHint: demoBoardKey().slice(-4),
    privacy: 'initials',
    specialistIds: [],
    theme: 'dark',
    nextCount: 4,
    callSeconds: 30,
    voiceEnabled: true,
    voiceLang: 'ru',
    voiceVolume: 80,
    chimeEnabled: true,
    pinnedMessage: 'Сегодня вакцинация бесплатно',
    ticker: {
      ru: 'Пожалуйста, ожидайте вызова своего номера на табло',
      uz: 'Iltimos, raqamingiz tabloda chaqirilishini kuting',
      en: 'Please wait for your number on the screen',
    },
    testMode: false,
    active: true,
  })
}
