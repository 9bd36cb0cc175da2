import vine from '@vinejs/vine'
import { recordId } from '#validators/rules/common'

export const callNextValidator = vine.create({ specialist_id: recordId() })

export const transferValidator = vine.create({ doctor_id: recordId() })
