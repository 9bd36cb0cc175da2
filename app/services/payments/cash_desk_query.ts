import Payment from '#models/payment'
import PaymentItem from '#models/payment_item'
import QueueEntry from '#models/queue_entry'
import Visit from '#models/visit'
import VisitService from '#models/visit_service'
import { paymentResource } from '#services/payments/payment_resource'
import { paymentsChannel } from '#services/board/board_channels'
import { assertBranch, ownBranch, type BranchActor } from '#services/branch_scope'

const netOf = (payments: Payment[]) => payments.reduce((sum, p) => sum + p.netAmount, 0)

/**
 * The cash desk's lists: the visits of a day with what each still owes, and
 * one visit with its service lines (which are paid) and its payments. A user
 * tied to a branch gets that branch's visits only (`branch_scope.ts`).
 */
export async function deskVisits(date: string, q?: string, who?: BranchActor) {
  const branchId = ownBranch(who)
  const query = Visit.query()
    .where('date', date)
    .if(branchId !== null, (scoped) => scoped.where('branch_id', branchId!))
    .preload('patient')
    .preload('doctor')
    .orderBy('id')
    .limit(300)
  if (q?.trim()) {
    const text = q.trim().toLowerCase()
    const digits = text.replace(/\D/g, '')
    query.whereHas('patient', (patient) => {
      patient.where('search_name', 'like', `%${text}%`)
      if (digits.length >= 3) patient.orWhere('phone', 'like', `%${digits}%`)
    })
  }
  const visits = await query
  const ids = visits.map((v) => v.id)
  const payments = ids.length ? await Payment.query().whereIn('visit_id', ids) : []
  const entries = ids.length ? await QueueEntry.query().whereIn('visit_id', ids) : []
  return visits.map((visit) => {
    const own = payments.filter((p) => p.visitId === visit.id)
    const paid = netOf(own)
    const entry = entries.find((e) => e.visitId === visit.id)
    return {
      id: visit.id,
      date: visit.date,
      status: visit.status,
      payment_status: visit.paymentStatus,
      patient_name: visit.patient.fullName,
      phone: visit.patient.phone,
      doctor: visit.doctor.fullName,
      number: entry?.number ?? null,
      ticket: entry?.ticket ?? null,
      total: visit.total,
      paid,
      due: Math.max(0, visit.total - paid),
      currency: visit.currency,
    }
  })
}

export async function deskVisit(visitId: number, who?: BranchActor) {
  const visit = await Visit.query()
    .where('id', visitId)
    .preload('patient')
    .preload('doctor')
    .firstOrFail()
  assertBranch(who, visit.branchId)
  const services = await VisitService.query()
    .where('visit_id', visit.id)
    .preload('service')
    .orderBy('id')
  const payments = await Payment.query().where('visit_id', visit.id).orderBy('id', 'desc')
  const items = payments.length
    ? await PaymentItem.query().whereIn(
        'payment_id',
        payments.map((p) => p.id)
      )
    : []
  const heldBy = (serviceId: number) => {
    const item = items.find((i) => {
      const owner = payments.find((p) => p.id === i.paymentId)
      return i.visitServiceId === serviceId && owner && ['paid', 'pending'].includes(owner.status)
    })
    return item ? payments.find((p) => p.id === item.paymentId)!.status : null
  }
  const paid = netOf(payments)
  const entry = await QueueEntry.query().where('visit_id', visit.id).first()
  return {
    id: visit.id,
    date: visit.date,
    status: visit.status,
    payment_status: visit.paymentStatus,
    patient_name: visit.patient.fullName,
    birth_year: visit.patient.birthYear,
    phone: visit.patient.phone,
    doctor: visit.doctor.fullName,
    number: entry?.number ?? null,
    ticket: entry?.ticket ?? null,
    total: visit.total,
    paid,
    due: Math.max(0, visit.total - paid),
    currency: visit.currency,
    /** Where this visit's payment changes are published (the visit's branch). */
    live_channel: paymentsChannel(visit.branchId),
    services: services.map((s) => ({
      id: s.id,
      title: s.service.title,
      qty: s.qty,
      price: s.price,
      total: s.total,
      payment_status: heldBy(s.id),
    })),
    payments: await Promise.all(
      payments.map((p) =>
        paymentResource(
          p,
          items.filter((i) => i.paymentId === p.id)
        )
      )
    ),
  }
}
