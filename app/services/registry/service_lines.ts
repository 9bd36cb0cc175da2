import type Service from '#models/service'
import type Doctor from '#models/doctor'
import catalogService, { branchPrice } from '#services/admin/catalog_service'
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
 * price in the visit's branch (the doctor's): the branch's own price, else
 * the catalog price (ADM-R5). Cardiology: an EchoCG mark adds the EchoCG
 * service when it is missing, and an EchoCG service sets the mark
 * (decision 5). One query reads every line's service and price.
 */
export async function priceServiceLines(
  requested: { id: number; qty?: number }[] = [],
  doctor: Doctor,
  echoMark = false
) {
  const ids = [...new Set(requested.map((line) => line.id))]
  const isCardiology = doctor.specialty === 'cardiology'
  const wantsEcho = isCardiology && echoMark
  const found: Service[] =
    ids.length || wantsEcho
      ? await catalogService
          .pricedIn(doctor.branchId)
          .where('services.active', true)
          .where((query) => {
            if (ids.length) query.whereIn('services.id', ids)
            if (wantsEcho) query.orWhere('services.category', 'echo')
          })
          .orderBy('services.id')
      : []
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
  const line = (service: Service, qty: number): ServiceLine => {
    minutes += (service.duration ?? 0) * qty
    const price = branchPrice(service)
    return { serviceId: service.id, qty, price, total: price * qty, group: service.category }
  }
  const lines = requested.map((item) => line(byId.get(item.id)!, item.qty ?? 1))

  let echo = isCardiology && lines.some((item) => item.group === 'echo')
  if (wantsEcho && !echo) {
    const echoService = found.find((service) => service.category === 'echo')
    if (!echoService) throw FieldErrors.of('echo', 'noEchoService')
    lines.push(line(echoService, 1))
    echo = true
  }
  /* No services: the doctor's consultation (a doctor belongs to one branch, so it is that branch's price). */
  const total = lines.length
    ? lines.reduce((sum, item) => sum + item.total, 0)
    : doctor.priceDefault
  return { lines, echo, total, minutes }
}
