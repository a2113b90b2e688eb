// S-04: the portal's public complaint form carries a signed token: it proves the form was
// issued by this deployment (a page elsewhere cannot post a ready-made complaint into it),
// it expires, and its nonce is stored with the complaint so one form is taken once.
import crypto from 'node:crypto'
import type { Queryable } from '../../platform/db/pool.ts'
import { AppError, badRequest } from '../../platform/http/errors.ts'

/** How long a visitor may take to fill in the form. */
export const FORM_TOKEN_TTL_MS = 2 * 3600_000
/** Tolerated clock difference between app servers. */
const SKEW_MS = 60_000
const PURPOSE = 'zhifa-complaint-form'

const keys = new WeakMap<object, Promise<Buffer>>()

/** The deployment's form key (portal_form_key, made by migration 0026), read once per pool. */
function formKey(db: Queryable): Promise<Buffer> {
  let key = keys.get(db)
  if (!key) {
    key = db.query<{ secret: string }>('SELECT secret FROM portal_form_key WHERE id = 1').then(({ rows }) => Buffer.from(rows[0]!.secret, 'utf8'))
    key.catch(() => keys.delete(db))
    keys.set(db, key)
  }
  return key
}

const mac = (key: Buffer, issuedAt: string, nonce: string) =>
  crypto.createHmac('sha256', key).update(`${PURPOSE}|${issuedAt}|${nonce}`).digest('base64url')

/** A new token: issued-at (ms, base 36), a random nonce, and their HMAC-SHA256. */
export async function issueFormToken(db: Queryable, now = Date.now()): Promise<{ token: string; expiresAt: string }> {
  const issuedAt = now.toString(36)
  const nonce = crypto.randomBytes(16).toString('base64url')
  const token = `${issuedAt}.${nonce}.${mac(await formKey(db), issuedAt, nonce)}`
  return { token, expiresAt: new Date(now + FORM_TOKEN_TTL_MS).toISOString() }
}

/** S-04: the nonce of a token this deployment issued less than FORM_TOKEN_TTL_MS ago, or a Chinese refusal. */
export async function checkFormToken(db: Queryable, token: string | undefined, now = Date.now()): Promise<string> {
  if (!token) throw badRequest('FORM_TOKEN_MISSING', '缺少表单令牌，请从投诉举报页面重新填写提交')
  const parts = token.split('.')
  const [issuedAt, nonce, signature] = parts
  if (parts.length !== 3 || !/^[0-9a-z]{1,12}$/.test(issuedAt!) || !/^[A-Za-z0-9_-]{22}$/.test(nonce!) || !signature) {
    throw badRequest('FORM_TOKEN_INVALID', '表单令牌无效，请重新打开投诉举报页面填写')
  }
  const expected = Buffer.from(mac(await formKey(db), issuedAt!, nonce!))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw badRequest('FORM_TOKEN_INVALID', '表单令牌无效，请重新打开投诉举报页面填写')
  }
  const age = now - parseInt(issuedAt!, 36)
  if (age < -SKEW_MS || age > FORM_TOKEN_TTL_MS) {
    throw new AppError(400, 'FORM_TOKEN_EXPIRED', '表单已过期（须在打开后2小时内提交），请重新打开投诉举报页面填写；已填写的内容请先复制保存')
  }
  return nonce!
}
