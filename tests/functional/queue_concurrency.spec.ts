import { test } from '@japa/runner'
import QueueEntry from '#models/queue_entry'
import AuditLog from '#models/audit_log'
import Setting from '#models/setting'
import { clock } from '#services/clock'
import { createTestTenant, inTenant } from '#tests/helpers/tenants'
import onlineJoinService from '#services/queue/online_join_service'
import {
  joinQueue,
  putSettings,
  setLocalTime,
  setupRegistry,
  staffApi,
} from '#tests/helpers/registry'

const sorted = (numbers: number[]) => [...numbers].sort((a, b) => a - b)
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

test.group('Queue numbering under concurrency (QUE-R10)', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T07:00:00')
    return () => clock.reset()
  })
  group.each.timeout(60_000)

  test('200 parallel joins plus 50 with one phone: distinct contiguous numbers from S, the phone holds one', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('race')
    const { doctors } = await setupRegistry(tenant)
    await inTenant(tenant, () =>
      Setting.create({ branchId: 0, key: 'queue.online_max_per_day.dermatology', value: 999 })
    )
    const api = await staffApi(client, tenant)
    const token = (
      await api.post('/api/queue/qrcode', { specialist_id: doctors.dermatology.id })
    ).body().token

    const distinct = Array.from({ length: 200 }, (_, i) =>
      joinQueue(client, tenant, { token, phone: `93${String(1000000 + i)}` })
    )
    /* A phone of this run only: a Redis limiter left over from an earlier run must not count. */
    const repeated = `+99897${String(Date.now()).slice(-7)}`
    const samePhone = Array.from({ length: 50 }, () =>
      joinQueue(client, tenant, { token, phone: repeated })
    )
    const responses = await Promise.all([...distinct, ...samePhone])
    assert.isTrue(
      responses.slice(0, 200).every((r) => r.status() === 200),
      'every phone got in'
    )

    /* Repeats of one phone beyond its rate limit get 429; the others get the same number. */
    const repeats = responses.slice(200)
    assert.isTrue(repeats.every((r) => [200, 429].includes(r.status())))
    const answered = repeats.filter((r) => r.status() === 200)
    assert.equal(new Set(answered.map((r) => r.body().number)).size, 1, 'one number, repeated')
    assert.equal(answered.filter((r) => !r.body().duplicate).length, 1)

    const issued = responses
      .filter((r) => r.status() === 200 && !r.body().duplicate)
      .map((r) => r.body().number)
    assert.deepEqual(sorted(issued), range(15, 201))
    await inTenant(tenant, async () => {
      const entries = await QueueEntry.all()
      assert.lengthOf(entries, 201)
      assert.lengthOf(
        entries.filter((e) => e.phone === repeated),
        1
      )
      /* Each number has its audit row, committed with it: who, which entry, which number. */
      const joined = await AuditLog.query().where('event', 'queue.joined')
      assert.lengthOf(joined, 201)
      const byEntry = new Map(entries.map((e) => [String(e.id), e]))
      for (const row of joined) {
        const entry = byEntry.get(row.entityId!)!
        assert.equal(row.after!.number, entry.number)
        assert.equal(row.after!.phone, entry.phone)
        assert.equal(row.entityType, 'queue_entry')
        assert.isNotNull(row.ip)
      }
    })
  })

  test('20 registrars saving rows at once get distinct desk numbers 1..20', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('race')
    const { doctors } = await setupRegistry(tenant)
    const one = await staffApi(client, tenant, 'registrar')
    const two = await staffApi(client, tenant, 'registrar2')
    const responses = await Promise.all(
      range(1, 20).map((i) =>
        (i % 2 ? one : two).post('/api/registry/rows', {
          patient: {
            fio: `Параллельный Пациент${i}`,
            birth_year: 1980,
            phone: `95${String(1000000 + i)}`,
          },
          doctor_id: doctors.therapy.id,
        })
      )
    )
    assert.isTrue(responses.every((r) => r.status() === 201))
    assert.deepEqual(sorted(responses.map((r) => r.body().number)), range(1, 20))
  })

  test('desk and online allocations racing on one queue never collide', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('race')
    const { doctors } = await setupRegistry(tenant)
    const api = await staffApi(client, tenant)
    const token = (
      await api.post('/api/queue/qrcode', { specialist_id: doctors.dentistry.id })
    ).body().token
    const responses = await Promise.all([
      ...range(1, 10).map((i) =>
        joinQueue(client, tenant, { token, phone: `94${String(1000000 + i)}` })
      ),
      ...range(1, 10).map((i) =>
        api.post('/api/registry/rows', {
          patient: { fio: `Десковый Пациент${i}`, birth_year: 1975 },
          doctor_id: doctors.dentistry.id,
        })
      ),
    ])
    const numbers = responses.map((r) => r.body().number)
    assert.equal(new Set(numbers).size, 20)
    assert.deepEqual(sorted(numbers), range(1, 20))
  })

  test('joins answered together get what each would get alone: holders, repeats inside the group, the limit, a gap', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('race')
    const { doctors } = await setupRegistry(tenant)
    await putSettings(client, tenant, { 'queue.online_max_per_day.dermatology': 5 })
    const api = await staffApi(client, tenant)
    const token = (
      await api.post('/api/queue/qrcode', { specialist_id: doctors.dermatology.id })
    ).body().token
    const phone = (n: number) => `+99891${String(1000000 + n)}`
    const join = (n: number) => onlineJoinService.join({ token, phone: phone(n) })

    const answers = await inTenant(tenant, async () => {
      const before = await join(1)
      /* Started together, these wait for one lock and are answered in one group. */
      const together = await Promise.allSettled([1, 2, 3, 2, 4, 5, 6, 7].map(join))
      return { before, together }
    })
    assert.deepEqual([answers.before.number, answers.before.duplicate], [15, false])
    /* Arrival order inside the group is not the call order: check what cannot depend on it. */
    const outcome = answers.together.map((result) =>
      result.status === 'fulfilled'
        ? { number: result.value.number, duplicate: result.value.duplicate }
        : { code: (result.reason as { code: string }).code }
    )
    assert.deepEqual(outcome[0], { number: 15, duplicate: true }, 'the holder gets the number back')
    assert.equal(outcome[1].number, outcome[3].number, 'one phone twice in the group: one number')
    assert.sameMembers([outcome[1].duplicate, outcome[3].duplicate], [false, true])
    const issued = outcome.filter((answer) => answer.duplicate === false).map((a) => a.number!)
    assert.deepEqual(sorted(issued), [16, 17, 18, 19], 'the limit of 5 online numbers')
    assert.lengthOf(
      outcome.filter((answer) => answer.code === 'QUEUE_FULL'),
      2
    )

    /* A start number lowered below the issued ones: the free numbers under them come first. */
    await putSettings(client, tenant, {
      'queue.online_start_number.dermatology': 13,
      'queue.online_max_per_day.dermatology': 20,
    })
    const after = await inTenant(tenant, () => Promise.all([8, 9, 10].map(join)))
    assert.deepEqual(sorted(after.map((answer) => answer.number)), [13, 14, 20])
    await inTenant(tenant, async () => {
      const numbers = (await QueueEntry.all()).map((entry) => entry.number)
      assert.deepEqual(sorted(numbers), [13, 14, 15, 16, 17, 18, 19, 20])
    })
  })
})
