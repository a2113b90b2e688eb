import crypto from 'node:crypto'
import { prepared, type Db, type Queryable } from '../db/pool.ts'
import { AppError, unauthorized } from '../http/errors.ts'
import { audit } from '../audit/audit.ts'
import { verifyPassword } from './passwords.ts'
import type { AuthUser } from './scope.ts'

/** F-05: lockout after this many consecutive failures, for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5
export const LOCK_MINUTES = 15

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex')

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.roles, u.org_id AS "orgId", o.path AS "orgPath",
  u.scope_org_id AS "scopeOrgId", s.path AS "scopePath", u.person_id AS "personId", u.locale`
const USER_FROM = `app_user u JOIN org_node o ON o.id = u.org_id JOIN org_node s ON s.id = u.scope_org_id`

export async function findUserById(db: Db, id: string): Promise<AuthUser | undefined> {
  return db.maybeOne<AuthUser>(`SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.id = $1 AND u.active`, [id])
}

export type NewSession = { token: string; csrfToken: string; user: AuthUser; expiresAt: Date }

/** Checks the password, applies lockout, and opens a session. Every attempt is audited. */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; userAgent?: string; sessionHours: number },
): Promise<NewSession> {
  const row = await db.maybeOne<{ id: string; password_hash: string; locked_until: Date | null; display_name: string }>(
    `SELECT id, password_hash, locked_until, display_name FROM app_user WHERE username = $1 AND active`,
    [input.username],
  )
  if (!row) {
    await audit(db, { action: 'auth.login.unknown', ip: input.ip, detail: { username: input.username } })
    throw unauthorized('用户名或密码错误')
  }
  if (row.locked_until && row.locked_until > new Date()) {
    await audit(db, { action: 'auth.login.locked', ip: input.ip, entity: 'user', entityId: row.id })
    throw new AppError(423, 'ACCOUNT_LOCKED', `连续登录失败次数过多，账号已锁定至 ${row.locked_until.toISOString()}`)
  }
  if (!(await verifyPassword(row.password_hash, input.password))) {
    // Counted in one statement: parallel guesses read the same row, and each must still count.
    const { locked } = await db.one<{ locked: boolean }>(
      `UPDATE app_user
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1
    RETURNING failed_logins = 0 AS locked`,
      [row.id, MAX_FAILED_LOGINS, LOCK_MINUTES],
    )
    await audit(db, { action: locked ? 'auth.login.lockout' : 'auth.login.failed', ip: input.ip, entity: 'user', entityId: row.id })
    throw unauthorized('用户名或密码错误')
  }
  const token = crypto.randomBytes(32).toString('base64url')
  const csrfToken = crypto.randomBytes(24).toString('base64url')
  const expiresAt = new Date(Date.now() + input.sessionHours * 3600_000)
  await db.tx(async (tx) => {
    // A guess that failed while this password was being checked may have locked the account.
    const { rows: unlocked } = await tx.query(
      `UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now()) RETURNING id`,
      [row.id],
    )
    if (!unlocked.length) throw new AppError(423, 'ACCOUNT_LOCKED', '连续登录失败次数过多，账号已锁定，请稍后再试或联系管理员解锁')
    await tx.query(
      `INSERT INTO app_session (id, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
      [sha256(token), row.id, csrfToken, expiresAt, input.ip, input.userAgent?.slice(0, 300) ?? null],
    )
    await audit(tx, { action: 'auth.login', ip: input.ip, entity: 'user', entityId: row.id, actor: { id: row.id, displayName: row.display_name } })
  })
  const user = await findUserById(db, row.id)
  if (!user) throw unauthorized()
  return { token, csrfToken, user, expiresAt }
}

/** F-05: the open session of a token and its active user, in one trip (every request makes it). */
export async function findSession(db: Db, token: string): Promise<{ user: AuthUser; csrfToken: string } | undefined> {
  const row = await db.maybeOne<AuthUser & { csrfToken: string }>(
    prepared(`SELECT ${USER_COLUMNS}, x.csrf_token AS "csrfToken"
       FROM app_session x JOIN ${USER_FROM} ON u.id = x.user_id
      WHERE x.id = $1 AND x.revoked_at IS NULL AND x.expires_at > now() AND u.active`),
    [sha256(token)],
  )
  if (!row) return undefined
  const { csrfToken, ...user } = row
  return { user, csrfToken }
}

export async function logout(db: Db, token: string, user: AuthUser, ip: string): Promise<void> {
  await db.tx(async (tx) => {
    await tx.query(`UPDATE app_session SET revoked_at = now() WHERE id = $1`, [sha256(token)])
    await audit(tx, { action: 'auth.logout', ip, actor: user, entity: 'user', entityId: user.id })
  })
}

/** Ends every open session of a user, but the one making the request when exceptToken is given. */
export async function revokeSessions(db: Queryable, userId: string, exceptToken?: string | null): Promise<void> {
  await db.query(`UPDATE app_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2`, [
    userId,
    exceptToken ? sha256(exceptToken) : null,
  ])
}
