import Service from '#models/service'
import type Doctor from '#models/doctor'
import { FieldErrors } from '#exceptions/field_errors'

export interface ServiceLine {
  serviceId: number
  qty: number
  price: number
  total: number
  group: string
}

/**
 * Prices the requested services (active ones only; ADM-T5) at today's
 * price. Cardiology: an EchoCG mark adds the EchoCG service when it is
 * missing, and an EchoCG service sets the mark (decision 5).
 */
export async function priceServiceLines(
  requested: { id: number; qty?: number }[] = [],
  doctor: Doctor,
  echoMark = false
) {
  const ids = [...new Set(requested.map((line) => line.id))]
  const found = ids.length ? await Service.query().whereIn('id', ids).where('active', true) : []
  const byId = new Map(found.map((service) => [service.id, service]))
  const problems = requested
    .map((line, index) => (byId.has(line.id) ? null : index))
    .filter((index): index is number => index !== null)
  if (problems.length) {
    throw new FieldErrors(
      problems.map((index) => ({ field: `services.${index}.id`, rule: 'exists' }))
    )
  }

  /** Minutes the services take where their duration is known (APT-R8 slots). */
  let minutes = 0
  const lines: ServiceLine[] = requested.map((line) => {
    const service = byId.get(line.id)!
    const qty = line.qty ?? 1
    minutes += (service.duration ?? 0) * qty
    return {
      serviceId: service.id,
      qty,
      price: service.price,
      total: service.price * qty,
      group: service.category,
    }
  })

  const isCardiology = doctor.specialty === 'cardiology'
  let echo = isCardiology && lines.some((line) => line.group === 'echo')
  if (isCardiology && echoMark && !echo) {
    const echoService = await Service.query()
      .where('category', 'echo')
      .where('active', true)
      .first()
    if (!echoService) throw FieldErrors.of('echo', 'noEchoService')
    minutes += echoService.duration ?? 0
    lines.push({
      serviceId: echoService.id,
      qty: 1,
      price: echoService.price,
      total: echoService.price,
      group: 'echo',
    })
    echo = true
  }
  const total = lines.length
    ? lines.reduce((sum, line) => sum + line.total, 0)
    : doctor.priceDefault
  return { lines, echo, total, minutes }
}
