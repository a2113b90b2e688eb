// Test support for R-06: walks that pass listed acts record what the 音像记录事项清单 asks
// for, through the API, the way an officer would.
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type { Queryable } from '../../platform/db/pool.ts'

type Headers = Record<string, string>

/** The first bytes of an MP4 (ftyp box), enough for the attachment's type check. */
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(4000, 3)])

/**
 * makes one action pass the list before the case advances past it: a required act
 * (查封、扣押、限制人身自由、强制拆除) gets a small MP4 attached to it; an expected act gets an
 * absence reason; an unlisted or already satisfied act is left as it is.
 */
export async function recordAv(app: FastifyInstance, headers: Headers, caseId: string, actionId: string): Promise<void> {
  const res = await app.inject({ method: 'GET', url: `/api/cases/${caseId}/av-status`, headers })
  assert.equal(res.statusCode, 200, res.body)
  const status = (res.json() as { actionId: string; level: string | null; satisfied: boolean }[]).find((s) => s.actionId === actionId)
  if (!status || status.level === null || status.satisfied) return
  if (status.level === 'required') {
    const up = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments?actionId=${actionId}`, headers: { ...headers, 'content-type': 'video/mp4' }, payload: MP4 })
    assert.equal(up.statusCode, 201, `R-06 音像记录: ${up.body}`)
  } else {
    const reason = await app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions/${actionId}/av-absence`, headers, payload: { reason: '执法记录仪故障，已制作现场笔录' } })
    assert.equal(reason.statusCode, 201, `R-06 未录像原因: ${reason.body}`)
  }
}

/**
 * R-06, for tests that write actions with SQL: records an absence reason (by `userId`) for
 * every live expected act of the case still lacking one. Required acts need a real
 * recording and are left to recordAv.
 */
export async function recordAvReasonsSql(db: Queryable, caseId: string, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO av_absence_reason (action_id, reason, recorded_by)
     SELECT action_id, '执法记录仪故障，已制作现场笔录', $2 FROM av_action_status
      WHERE case_id = $1 AND level = 'expected' AND NOT has_recording AND absence_reason IS NULL`,
    [caseId, userId],
  )
}
