import { test } from '@japa/runner'
import { clock } from '#services/clock'
import { createTestTenant, hostOf } from '#tests/helpers/tenants'
import { setLocalTime, setupRegistry, staffApi } from '#tests/helpers/registry'
import { apiToken } from '#tests/helpers/api'
import { SseClient } from '#tests/helpers/sse'
import { boardState, connectBoard, createBoard, deskRow, subscribe } from '#tests/helpers/boards'

test.group('Boards: state, stream and privacy', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('BRD-T1/T3: a call reaches a connected board within 1 s with ticket and cabinet, and no name in number-only mode', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brd')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant)
    assert.match(board.url, /\/display\/[\w-]{20,}$/)
    assert.equal(board.privacy, 'number', 'number only by default (BRD-R4)')

    const row = await deskRow(desk, doctors.therapy.id, 'Каримова Дилноза', '+998901234567')
    const { sse, state } = await connectBoard(client, tenant, board.key)
    try {
      const therapist = state.specialists.find((s: any) => s.id === doctors.therapy.id)
      assert.deepEqual(therapist.queue, [{ ticket: 'T-1', number: 1, status: 'in_queue' }])
      assert.notInclude(JSON.stringify(state), 'Каримова')

      const sentAt = Date.now()
      ;(await desk.post(`/api/queue/call/${row.entry_id}`)).assertStatus(200)
      const call = await sse.waitFor((m) => m.payload.type === 'CALL_PATIENT', 1000)
      assert.isBelow(call.receivedAt - sentAt, 1000)
      assert.include(call.payload, {
        event: 'queue.called',
        ticket: 'T-1',
        prefix: 'T',
        room: '101',
        specialist_id: doctors.therapy.id,
        patient: null,
      })

      const after = (await boardState(client, tenant, board.key)).body()
      assert.equal(after.calls[0].ticket, 'T-1')
      assert.equal(
        after.specialists.find((s: any) => s.id === doctors.therapy.id).current_call.room,
        '101'
      )
      assert.notInclude(JSON.stringify(after) + JSON.stringify(sse.messages), 'Каримова')
    } finally {
      sse.close()
    }
  })

  test('BRD-R4: initials and full-name boards show the name their mode allows', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brd')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const initials = await createBoard(client, tenant, { privacy: 'initials' })
    const full = await createBoard(client, tenant, { privacy: 'full', name: 'Lobby' })
    const row = await deskRow(
      desk,
      doctors.cardiology.id,
      'Каримова Дилноза Алишеровна',
      '+998901234500'
    )

    const a = await connectBoard(client, tenant, initials.key)
    const b = await connectBoard(client, tenant, full.key)
    try {
      await desk.post(`/api/queue/call/${row.entry_id}`)
      const shortName = await a.sse.waitFor((m) => m.payload.type === 'CALL_PATIENT')
      const fullName = await b.sse.waitFor((m) => m.payload.type === 'CALL_PATIENT')
      assert.equal(shortName.payload.patient, 'К. Д. А.')
      assert.equal(fullName.payload.patient, 'Каримова Дилноза Алишеровна')
      assert.notInclude(JSON.stringify(a.sse.messages), 'Каримова')
      const state = (await boardState(client, tenant, initials.key)).body()
      assert.equal(state.calls[0].patient, 'К. Д. А.')
    } finally {
      a.sse.close()
      b.sse.close()
    }
  })

  test('BRD-R2/T2: a call leaves "Calls now" after the call lifetime and its ticket shows as delayed', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brd')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant, { call_seconds: 20 })
    const row = await deskRow(desk, doctors.therapy.id, 'Ахмедов Рустам', '+998901234501')
    await desk.post(`/api/queue/call/${row.entry_id}`)

    let state = (await boardState(client, tenant, board.key)).body()
    assert.lengthOf(state.calls, 1)
    assert.equal(
      state.specialists.find((s: any) => s.id === doctors.therapy.id).queue[0].status,
      'invited'
    )

    setLocalTime('2026-03-02T08:30:25')
    state = (await boardState(client, tenant, board.key)).body()
    assert.lengthOf(state.calls, 0)
    const therapist = state.specialists.find((s: any) => s.id === doctors.therapy.id)
    assert.isNull(therapist.current_call)
    assert.equal(therapist.queue[0].status, 'delayed')
  })

  test('a board lists only its specialists and the next 3-5 tickets, called ones first', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brd')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant, {
      specialist_ids: [doctors.therapy.id],
      next_count: 3,
    })
    const rows = []
    for (let i = 0; i < 5; i++) {
      rows.push(await deskRow(desk, doctors.therapy.id, `Пациент Номер${i}`, `+99890123460${i}`))
    }
    await desk.post(`/api/queue/call/${rows[3].entry_id}`)
    const state = (await boardState(client, tenant, board.key)).body()
    assert.deepEqual(
      state.specialists.map((s: any) => s.id),
      [doctors.therapy.id]
    )
    assert.deepEqual(
      state.specialists[0].queue.map((t: any) => `${t.ticket}:${t.status}`),
      ['T-4:invited', 'T-1:in_queue', 'T-2:in_queue']
    )
    assert.equal(state.specialists[0].waiting, 4)

    const refused = await (
      await staffApi(client, tenant, 'admin')
    ).post('/api/admin/boards', { name: 'X', specialist_ids: [999999] })
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].field, 'specialist_ids.0')
  })
})

test.group('Boards: keys and isolation', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('BRD-T5: a wrong, missing or rotated key is refused; a key of tenant A opens nothing on tenant B', async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('brda')
    const b = await createTestTenant('brdb')
    await setupRegistry(a)
    const board = await createBoard(client, a)

    ;(await boardState(client, a, board.key)).assertStatus(200)
    const wrong = await boardState(client, a, 'not-a-key').header('accept-language', 'ru')
    wrong.assertStatus(401)
    assert.equal(wrong.body().error.code, 'BOARD_NOT_REGISTERED')
    assert.include(wrong.body().error.message, 'Табло не зарегистрировано')
    ;(await client.get('/api/board/state').header('host', hostOf(a))).assertStatus(401)
    ;(await boardState(client, b, board.key)).assertStatus(401)

    const page = await client.get(`/display/not-a-key`).header('host', hostOf(a))
    page.assertStatus(401)

    const admin = await staffApi(client, a, 'admin')
    const rotated = await admin.post(`/api/admin/boards/${board.id}/rotate-key`)
    rotated.assertStatus(200)
    assert.notEqual(rotated.body().key, board.key)
    ;(await boardState(client, a, board.key)).assertStatus(401)
    ;(await boardState(client, a, rotated.body().key)).assertStatus(200)
  })

  test('a subscribe to another tenant, branch or board channel is refused with 403', async ({
    client,
    assert,
  }) => {
    const a = await createTestTenant('brda')
    const b = await createTestTenant('brdb')
    await setupRegistry(a)
    await setupRegistry(b)
    const boardA = await createBoard(client, a)
    const boardA2 = await createBoard(client, a, { name: 'Second' })
    const boardB = await createBoard(client, b)
    const channelA = (await boardState(client, a, boardA.key)).body().channel as string
    assert.match(channelA, new RegExp(`^tenant/${a.id}/board/${boardA.id}$`))

    const onB = new SseClient(hostOf(b))
    await onB.open()
    const onA = new SseClient(hostOf(a))
    await onA.open()
    try {
      const crossTenant = await subscribe(client, b, onB, channelA, { key: boardB.key })
      crossTenant.assertStatus(403)
      assert.equal(crossTenant.body().error.code, 'CHANNEL_FORBIDDEN')
      ;(await subscribe(client, b, onB, channelA, { key: boardA.key })).assertStatus(403)
      ;(await subscribe(client, a, onA, channelA, { key: boardA2.key })).assertStatus(403)
      ;(await subscribe(client, a, onA, channelA)).assertStatus(403)

      const registrarB = await apiToken(client, b, 'registrar')
      ;(
        await subscribe(client, b, onB, `tenant/${a.id}/branch/1/registry`, { token: registrarB })
      ).assertStatus(403)
      ;(
        await subscribe(client, b, onB, `tenant/${b.id}/branch/1/registry`, { token: registrarB })
      ).assertStatus(204)
      const lab = await apiToken(client, b, 'lab')
      ;(
        await subscribe(client, b, onB, `tenant/${b.id}/branch/1/registry`, { token: lab })
      ).assertStatus(403)
      ;(await subscribe(client, a, onA, channelA, { key: boardA.key })).assertStatus(204)
    } finally {
      onA.close()
      onB.close()
    }
  })
})

test.group('Calling flow', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('call next, recall, skip, return, start and finish move the ticket and its visit, each published', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('call')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const doctor = await staffApi(client, tenant, 'doctor')
    const first = await deskRow(desk, doctors.therapy.id, 'Первый Пациент', '+998901111111')
    const second = await deskRow(desk, doctors.therapy.id, 'Второй Пациент', '+998901111112')

    const token = await apiToken(client, tenant, 'doctor')
    const sse = new SseClient(hostOf(tenant))
    await sse.open()
    try {
      ;(
        await subscribe(
          client,
          tenant,
          sse,
          `tenant/${tenant.id}/doctor/${doctors.therapy.id}/queue`,
          {
            token,
          }
        )
      ).assertStatus(204)

      const called = await doctor.post('/api/queue/call-next', {
        specialist_id: doctors.therapy.id,
      })
      called.assertStatus(200)
      assert.include(called.body(), { id: first.entry_id, number: 1, status: 'called' })
      await sse.waitFor(
        (m) => m.payload.event === 'queue.called' && m.payload.entry_id === first.entry_id
      )

      ;(await doctor.post(`/api/queue/entries/${first.entry_id}/recall`)).assertStatus(200)
      ;(await doctor.post(`/api/queue/entries/${first.entry_id}/skip`)).assertBodyContains({
        status: 'skipped',
      })
      const next = await doctor.post('/api/queue/call-next', { specialist_id: doctors.therapy.id })
      assert.equal(next.body().id, second.entry_id, 'a skipped number is passed over')

      ;(await doctor.post(`/api/queue/entries/${first.entry_id}/return`)).assertBodyContains({
        status: 'waiting',
      })
      const started = await doctor.post(`/api/queue/entries/${second.entry_id}/start`)
      started.assertBodyContains({ status: 'in_progress' })
      const visit = await desk.get(`/api/registry?date=2026-03-02`)
      const row = visit.body().data.find((r: any) => r.visit_id === second.visit_id)
      assert.equal(row.status, 'in_progress')

      /* PAY-R8: the paid visit is paid before it can finish. */
      const admin = await staffApi(client, tenant, 'admin')
      ;(await admin.post('/api/payments/cash', { visit_id: second.visit_id })).assertStatus(201)
      ;(await doctor.post(`/api/queue/entries/${second.entry_id}/finish`)).assertBodyContains({
        status: 'done',
      })
      await sse.waitFor(
        (m) => m.payload.event === 'visit.status_changed' && m.payload.new_status === 'done'
      )

      const again = await doctor
        .post(`/api/queue/call/${second.entry_id}`)
        .header('accept-language', 'ru')
      again.assertStatus(409)
      assert.equal(again.body().error.code, 'ENTRY_NOT_CALLABLE')
      const freeze = await doctor.post(`/api/queue/entries/${second.entry_id}/freeze`)
      freeze.assertStatus(409)
      assert.equal(freeze.body().error.code, 'ENTRY_ILLEGAL_MOVE')

      ;(
        await doctor.post('/api/queue/call-next', { specialist_id: doctors.therapy.id })
      ).assertBodyContains({
        id: first.entry_id,
      })
      ;(await doctor.post(`/api/queue/entries/${first.entry_id}/skip`)).assertStatus(200)
      const empty = await doctor.post('/api/queue/call-next', { specialist_id: doctors.therapy.id })
      empty.assertStatus(409)
      assert.equal(empty.body().error.code, 'QUEUE_EMPTY')
    } finally {
      sse.close()
    }
  })

  test('BRD-R1: a visit set to in_progress from the registry calls its patient once', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('call')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const board = await createBoard(client, tenant)
    const row = await deskRow(desk, doctors.therapy.id, 'Сразу Вошедший', '+998901111113')
    const { sse } = await connectBoard(client, tenant, board.key)
    try {
      ;(
        await desk.patch(`/api/visits/${row.visit_id}/status`, { status: 'in_progress' })
      ).assertStatus(200)
      const call = await sse.waitFor((m) => m.payload.type === 'CALL_PATIENT')
      assert.equal(call.payload.ticket, `T-${row.number}`)
      /* No second call follows within a bounded wait. */
      await assert.rejects(
        () => sse.waitFor((m) => m.payload.type === 'CALL_PATIENT' && m !== call, 500),
        /no matching SSE message/
      )
      assert.lengthOf(
        sse.messages.filter((m) => m.payload.type === 'CALL_PATIENT'),
        1
      )
    } finally {
      sse.close()
    }
  })

  test('BRD-T7: staff without the calling permission get 403; a ticket of a finished visit is not callable', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('call')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    const lab = await staffApi(client, tenant, 'lab')
    const row = await deskRow(desk, doctors.therapy.id, 'Лаб Тест', '+998901111114')
    const refused = await lab.post(`/api/queue/call/${row.entry_id}`)
    refused.assertStatus(403)
    ;(await lab.post('/api/queue/call-next', { specialist_id: doctors.therapy.id })).assertStatus(
      403
    )
    ;(await lab.post(`/api/queue/entries/${row.entry_id}/start`)).assertStatus(403)
    assert.equal(refused.body().error.code, 'FORBIDDEN')
  })

  test('QUE-R12: a transfer gives a new desk number in the other queue; the old number is never reissued', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('call')
    const { doctors } = await setupRegistry(tenant)
    const desk = await staffApi(client, tenant)
    await deskRow(desk, doctors.cardiology.id, 'Уже В Кардио', '+998901111120')
    const row = await deskRow(desk, doctors.therapy.id, 'Переводимый Пациент', '+998901111121')

    const moved = await desk.post(`/api/queue/entries/${row.entry_id}/transfer`, {
      doctor_id: doctors.cardiology.id,
    })
    moved.assertStatus(201)
    assert.include(moved.body(), { number: 2, status: 'waiting', visit_id: row.visit_id })

    const therapy = await desk.get(`/api/queue/today?specialist_id=${doctors.therapy.id}`)
    assert.equal(therapy.body().entries[0].status, 'transferred')
    const next = await deskRow(desk, doctors.therapy.id, 'Следующий Пациент', '+998901111122')
    assert.equal(next.number, 2, 'number 1 of the therapist stays taken')

    const rows = await desk.get('/api/registry?date=2026-03-02')
    const visit = rows.body().data.find((r: any) => r.visit_id === row.visit_id)
    assert.equal(visit.doctor_id, doctors.cardiology.id)

    const same = await desk.post(`/api/queue/entries/${moved.body().id}/transfer`, {
      doctor_id: doctors.cardiology.id,
    })
    same.assertStatus(422)
  })
})

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

test.group('Boards: banners and videos', (group) => {
  group.each.setup(() => {
    setLocalTime('2026-03-02T08:30:00')
    return () => clock.reset()
  })

  test('BRD-T6/R7: uploads are checked by their bytes; order and duration follow admin; no external links', async ({
    client,
    assert,
  }) => {
    const tenant = await createTestTenant('brdm')
    await setupRegistry(tenant)
    const board = await createBoard(client, tenant, { ticker: { ru: 'Добро пожаловать' } })
    const token = await apiToken(client, tenant, 'admin')
    const upload = (name: string, bytes: Buffer) =>
      client
        .post(`/api/admin/boards/${board.id}/media`)
        .header('host', hostOf(tenant))
        .header('accept-language', 'ru')
        .bearerToken(token)
        .file('file', bytes, { filename: name })

    const fake = await upload('banner.png', Buffer.from('<html>not an image</html>'))
    fake.assertStatus(422)
    assert.equal(fake.body().errors[0].field, 'file')
    assert.include(fake.body().errors[0].message, 'Загрузите картинку')

    const first = await upload('first.png', PNG)
    first.assertStatus(201)
    const second = await upload('second.png', PNG)
    second.assertStatus(201)
    const admin = await staffApi(client, tenant, 'admin')
    ;(
      await client
        .put(`/api/admin/boards/${board.id}/media/${second.body().id}`)
        .header('host', hostOf(tenant))
        .bearerToken(token)
        .json({ position: 0, duration_seconds: 5 })
    ).assertStatus(200)
    ;(
      await client
        .put(`/api/admin/boards/${board.id}/media/${first.body().id}`)
        .header('host', hostOf(tenant))
        .bearerToken(token)
        .json({ position: 1 })
    ).assertStatus(200)

    const state = (await boardState(client, tenant, board.key)).body()
    const banners = state.announcements.filter((a: any) => a.type === 'banner')
    assert.deepEqual(
      banners.map((b: any) => [b.id, b.duration]),
      [
        [second.body().id, 5],
        [first.body().id, 10],
      ]
    )
    assert.deepInclude(state.announcements, {
      type: 'ticker',
      text: 'Добро пожаловать',
      lang: 'ru',
    })
    for (const banner of banners)
      assert.match(banner.img, new RegExp(`^/display/${board.key}/media/\\d+$`))

    const image = await client.get(banners[0].img).header('host', hostOf(tenant))
    image.assertStatus(200)
    assert.equal(image.header('content-type'), 'image/png')
    ;(
      await client
        .get(`/display/wrong-key/media/${second.body().id}`)
        .header('host', hostOf(tenant))
    ).assertStatus(401)

    /* A doctor's photo reaches the board under its key, with its own type. */
    const doctorId = state.specialists[0].id
    ;(
      await client
        .post(`/api/admin/doctors/${doctorId}/photo`)
        .header('host', hostOf(tenant))
        .bearerToken(token)
        .file('photo', PNG, { filename: 'doctor.png' })
    ).assertStatus(200)
    const withPhoto = (await boardState(client, tenant, board.key)).body()
    const photoUrl = withPhoto.specialists.find((s: any) => s.id === doctorId).photo
    assert.equal(photoUrl, `/display/${board.key}/doctors/${doctorId}/photo`)
    const photo = await client.get(photoUrl).header('host', hostOf(tenant))
    photo.assertStatus(200)
    assert.equal(photo.header('content-type'), 'image/png')

    const link = await admin.post(`/api/admin/boards/${board.id}/media`, {
      url: 'https://example.com/ad.mp4',
    })
    link.assertStatus(422)
    assert.equal(link.body().errors[0].field, 'file')
  })
})
