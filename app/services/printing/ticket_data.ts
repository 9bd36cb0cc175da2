import { DateTime } from 'luxon'
import QueueEntry from '#models/queue_entry'
import DailyQueue from '#models/daily_queue'
import Doctor from '#models/doctor'
import Visit from '#models/visit'
import Patient from '#models/patient'
import Branch from '#models/branch'
import settingsService, { clinicNameOf } from '#services/settings/settings_service'
import type { TicketData } from '#services/printing/ticket_view'
import clinicLogo from '#services/settings/clinic_logo'

/** Loads a ticket of the current tenant; the entry must exist (404 otherwise). */
export async function loadTicketData(entryId: number): Promise<TicketData> {
  const entry = await QueueEntry.findOrFail(entryId)
  const queue = await DailyQueue.findOrFail(entry.queueId)
  const [doctor, branch, visit, branches] = await Promise.all([
    Doctor.findOrFail(queue.doctorId),
    Branch.findOrFail(queue.branchId),
    entry.visitId ? Visit.find(entry.visitId) : null,
    Branch.query().count('* as total').first(),
  ])
  const patientId = entry.patientId ?? visit?.patientId ?? null
  const patient = patientId ? await Patient.find(patientId) : null
  const settings = await settingsService.effective(branch.id)
  const zone = (settings.timezone as string) || branch.timezone
  const issued = (entry.createdAt ?? DateTime.utc()).setZone(zone)
  const clinic = clinicNameOf(settings)
  const severalBranches = Number(branches?.$extras.total ?? 1) > 1

  return {
    entryId: entry.id,
    clinic,
    logo: await clinicLogo.dataUrl(),
    branch: severalBranches && branch.name !== clinic ? branch.name : null,
    address: branch.address,
    date: issued.toFormat('dd.MM.yyyy'),
    time: issued.toFormat('HH:mm'),
    number: entry.number,
    ticket: entry.ticket,
    patientName: patient?.fullName || entry.patientName || null,
    birthYear: patient?.birthYear ?? null,
    specialist: { name: doctor.fullName, specialty: doctor.specialty, cabinet: doctor.cabinet },
    paid: visit?.paymentStatus === 'paid',
    echo: !!visit?.echo,
    locale: (settings.locale as string) || branch.locale,
  }
}
