import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, testDb } from '../../../test/support.ts'
import { todayInChina } from '../../platform/clock.ts'
import { addDays, addYears } from './rules.ts'
import { insertCertificate, insertPerson, makeWorld } from './test-world.ts'
import { assertActingOfficers } from './check-acting-officers.ts'
import { findPublicCertificate, listPublicOfficers } from './public.ts'

const app = await testApp()
after(() => app.close())
const db = testDb()
const today = todayInChina()

test('F-02 处罚法42: people without a valid certificate (none, expired, 暂扣, 注销, auxiliary) cannot act, and fewer than two acting officers are refused — API and SQL', async () => {
  const world = await makeWorld(db, app)
  const a = world.agencyA.id
  const good1 = await insertPerson(db, a)
  const good2 = await insertPerson(db, a)
  await insertCertificate(db, good1)
  await insertCertificate(db, good2)
  const none = await insertPerson(db, a)
  const expired = await insertPerson(db, a)
  await insertCertificate(db, expired, { validFrom: addYears(today, -5), validTo: addDays(today, -1) })
  const suspended = await insertPerson(db, a)
  await insertCertificate(db, suspended, { status: '暂扣' })
  const revoked = await insertPerson(db, a)
  await insertCertificate(db, revoked, { status: '注销' })
  const auxiliary = await insertPerson(db, a, { kind: 'auxiliary' })
  const officer = await world.session(world.agencyA, ['officer'])
  const check = (personIds: string[]) =>
    app.inject({ method: 'POST', url: '/api/acting-officers/check', headers: officer.headers, payload: { personIds, date: today } })

  const ok = await check([good1, good2])
  assert.equal(ok.statusCode, 200, ok.body)
  assert.deepEqual(ok.json(), { ok: true })
  await db.query(`SELECT assert_acting_officers($1::uuid[], $2::date)`, [[good1, good2], today])

  for (const [label, bad] of [['none', none], ['expired', expired], ['暂扣', suspended], ['注销', revoked], ['auxiliary', auxiliary]] as const) {
    const res = await check([good1, bad])
    assert.equal(res.statusCode, 422, label)
    assert.equal(res.json().code, 'ACTING_OFFICERS', label)
    assert.deepEqual(res.json().details.map((d: any) => d.personId), [bad], label)
    await assert.rejects(db.query(`SELECT assert_acting_officers($1::uuid[], $2::date)`, [[good1, bad], today]), /执法|有效/, label)
  }

  const alone = await check([good1])
  assert.equal(alone.statusCode, 422)
  assert.match(alone.json().message, /不得少于两人/)
  const same = await check([good1, good1])
  assert.equal(same.statusCode, 422)
  await assert.rejects(db.query(`SELECT assert_acting_officers($1::uuid[], $2::date)`, [[good1, good1], today]), /不得少于两人/)

  // the function the case domain calls inside its transaction gives the same answer
  await assertActingOfficers(db, [good1, good2], today)
  await assert.rejects(assertActingOfficers(db, [good1, auxiliary], today), (e: any) => e.code === 'ACTING_OFFICERS' && e.status === 422)
  // on a day before the certificates began, nobody is valid
  await assert.rejects(assertActingOfficers(db, [good1, good2], addYears(today, -2)), (e: any) => e.details.length === 2)

  const outsider = await insertPerson(db, world.agencyB.id)
  const sideways = await check([good1, outsider])
  assert.equal(sideways.statusCode, 403)
})

test('F-02: a certificate valid for more than five years is refused by the database and the API', async () => {
  const world = await makeWorld(db, app)
  const person = await insertPerson(db, world.agencyA.id)
  await assert.rejects(
    db.query(
      `INSERT INTO certificate (person_id, cert_no, issuing_authority, categories, areas, valid_from, valid_to)
       VALUES ($1, 'LONG-0001-' || substr(md5(random()::text), 1, 8), '测试', '{a}', '{b}', '2024-01-01', '2029-01-02')`,
      [person],
    ),
    /check constraint|违反/,
  )
  const tooLong = await app.inject({
    method: 'POST',
    url: `/api/people/${person}/certificates`,
    headers: world.admin.headers,
    payload: { certNo: `L${Date.now()}`, issuingAuthority: '测试县人民政府', categories: ['市场监管'], areas: ['测试县'], validFrom: '2024-01-01', validTo: '2029-01-02' },
  })
  assert.equal(tooLong.statusCode, 422)
  assert.equal(tooLong.json().code, 'CERTIFICATE_VALIDITY')
  const issued = await app.inject({
    method: 'POST',
    url: `/api/people/${person}/certificates`,
    headers: world.admin.headers,
    payload: { certNo: `F${Date.now()}`, issuingAuthority: '测试县人民政府', categories: ['市场监管'], areas: ['测试县'], validFrom: '2024-02-29' },
  })
  assert.equal(issued.statusCode, 201, issued.body)
  assert.equal(issued.json().validTo, '2029-02-27')

  const auxiliary = await insertPerson(db, world.agencyA.id, { kind: 'auxiliary' })
  const toAuxiliary = await app.inject({
    method: 'POST',
    url: `/api/people/${auxiliary}/certificates`,
    headers: world.admin.headers,
    payload: { certNo: `X${Date.now()}`, issuingAuthority: '测试县人民政府', categories: ['市场监管'], areas: ['测试县'], validFrom: today },
  })
  assert.equal(toAuxiliary.statusCode, 422)
})

test('F-02: a failed 年审 suspends the certificate in the same transaction; a 注销 certificate cannot be reinstated', async () => {
  const world = await makeWorld(db, app)
  const person = await insertPerson(db, world.agencyA.id)
  const cert = await insertCertificate(db, person)
  const passed = await app.inject({
    method: 'POST',
    url: `/api/certificates/${cert.id}/annual-checks`,
    headers: world.admin.headers,
    payload: { year: 2024, passed: true, checkedOn: '2024-12-01' },
  })
  assert.equal(passed.statusCode, 201, passed.body)
  assert.equal(passed.json().certificate.status, '有效')
  const failed = await app.inject({
    method: 'POST',
    url: `/api/certificates/${cert.id}/annual-checks`,
    headers: world.admin.headers,
    payload: { year: 2025, passed: false, checkedOn: '2025-12-01', note: '培训学时不足' },
  })
  assert.equal(failed.statusCode, 201, failed.body)
  assert.equal(failed.json().certificate.status, '暂扣')
  assert.match(failed.json().certificate.statusReason, /2025年度年审不合格/)
  const dup = await app.inject({
    method: 'POST',
    url: `/api/certificates/${cert.id}/annual-checks`,
    headers: world.admin.headers,
    payload: { year: 2025, passed: true, checkedOn: '2025-12-02' },
  })
  assert.equal(dup.statusCode, 409)
  assert.equal((await findPublicCertificate(db, cert.certNo))?.status, '暂扣')

  const setStatus = (status: string) =>
    app.inject({ method: 'POST', url: `/api/certificates/${cert.id}/status`, headers: world.admin.headers, payload: { status, reason: '测试原因' } })
  assert.equal((await setStatus('有效')).statusCode, 200)
  const revoke = await setStatus('注销')
  assert.equal(revoke.statusCode, 200)
  assert.equal(revoke.json().version, 4)
  const reinstate = await setStatus('有效')
  assert.equal(reinstate.statusCode, 422)
  assert.equal(reinstate.json().code, 'CERTIFICATE_REVOKED')
  await assert.rejects(db.query(`UPDATE certificate SET status = '有效' WHERE id = $1`, [cert.id]), /已注销/)
  await assert.rejects(db.query(`UPDATE certificate SET valid_to = valid_to + 1 WHERE id = $1`, [cert.id]), /不得修改/)
  const { rows } = await db.query(`SELECT version FROM record_version WHERE entity = 'certificate' AND entity_id = $1 ORDER BY version`, [cert.id])
  assert.deepEqual(rows.map((r) => r.version), [2, 3, 4])

  const officer = await world.session(world.agencyA, ['officer'])
  const byOfficer = await app.inject({ method: 'POST', url: `/api/certificates/${cert.id}/status`, headers: officer.headers, payload: { status: '暂扣', reason: '越权' } })
  assert.equal(byOfficer.statusCode, 403)
})

test('F-02: 换发 creates a new certificate replacing the old one, which is 注销; P-05/P-01 public reads show status and never ID number or phone', async () => {
  const world = await makeWorld(db, app)
  const person = await insertPerson(db, world.agencyA.id, { idNumber: '11010519491231002X' })
  const oldFrom = addDays(addYears(today, -5), 10)
  const old = await insertCertificate(db, person, { validFrom: oldFrom, validTo: addDays(addYears(oldFrom, 5), -1) })
  const res = await app.inject({
    method: 'POST',
    url: `/api/certificates/${old.id}/reissue`,
    headers: world.admin.headers,
    payload: { certNo: `R${Date.now()}`, validFrom: today },
  })
  assert.equal(res.statusCode, 201, res.body)
  const { certificate, replaced } = res.json()
  assert.equal(certificate.replacesId, old.id)
  assert.equal(certificate.status, '有效')
  assert.equal(certificate.validTo, addDays(addYears(today, 5), -1))
  assert.equal(replaced.status, '注销')
  const twice = await app.inject({
    method: 'POST',
    url: `/api/certificates/${old.id}/reissue`,
    headers: world.admin.headers,
    payload: { certNo: `S${Date.now()}`, validFrom: today },
  })
  assert.equal(twice.statusCode, 422)

  const publicOld = await findPublicCertificate(db, old.certNo)
  assert.equal(publicOld?.status, '注销')
  const publicNew = await findPublicCertificate(db, certificate.certNo)
  assert.equal(publicNew?.status, '有效')
  assert.equal(publicNew?.person.agencyCode, world.agencyA.code)
  assert.equal(await findPublicCertificate(db, 'NO-SUCH-CERT'), undefined)
  const expiredPerson = await insertPerson(db, world.agencyA.id)
  const expired = await insertCertificate(db, expiredPerson, { validFrom: addYears(today, -5), validTo: addDays(today, -1) })
  assert.equal((await findPublicCertificate(db, expired.certNo))?.status, '过期')

  await insertPerson(db, world.agencyA.id, { kind: 'auxiliary' })
  const officers = await listPublicOfficers(db, world.agencyA.id)
  assert.deepEqual(officers.map((o) => o.personId), [person])
  assert.equal(officers[0]?.certNo, certificate.certNo)
  const text = JSON.stringify([publicNew, officers])
  assert.doesNotMatch(text, /11010519491231002X|13800000000/)
})
