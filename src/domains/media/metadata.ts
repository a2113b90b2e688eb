import { z } from 'zod'
import { Metadata } from '@tus/utils'
import { badRequest } from '../../platform/http/errors.ts'
import { SECRECY_LEVELS } from '../cases/record-access/rules.ts'
import { MEDIA_TYPES } from './media-kinds.ts'

/** Clocks of cameras drift; a recording may end at most this far in the server's future. */
const CLOCK_SKEW_MS = 10 * 60 * 1000

const text = (max: number, label: string) =>
  z.string({ error: `缺少${label}` }).trim().min(1, { error: `${label}不能为空` }).max(max, { error: `${label}不得超过 ${max} 个字符` })
const instant = (label: string) =>
  z.iso.datetime({ offset: true, error: `${label}须为带时区的 ISO 8601 时间，如 2026-03-02T09:30:00+08:00` })

/**
 * R-07: what a recording's tus Upload-Metadata carries: the case and its action or stage,
 * the device, the officer (a 执法人员's person id), when it was recorded, where, its file
 * name and type. Unknown keys are refused, so nothing unexpected rides along.
 */
export const MediaMetadata = z
  .strictObject({
    caseId: z.uuid({ error: '案件 ID 格式不正确' }),
    actionId: z.uuid({ error: '执法行为 ID 格式不正确' }).optional(),
    stage: text(40, '环节').optional(),
    device: text(100, '录制设备'),
    officer: z.uuid({ error: '录制人（执法人员 ID）格式不正确' }),
    startedAt: instant('开始录制时间'),
    endedAt: instant('结束录制时间'),
    location: text(200, '录制地点').optional(),
    filename: text(200, '文件名'),
    mime: z.enum(MEDIA_TYPES, { error: `文件类型只能是 ${MEDIA_TYPES.join('、')}` }),
    secrecy: z.enum(SECRECY_LEVELS, { error: '密级不正确' }).optional(),
  })
  .refine((m) => Date.parse(m.endedAt) >= Date.parse(m.startedAt), { error: '结束录制时间不能早于开始时间', path: ['endedAt'] })
  .refine((m) => Date.parse(m.endedAt) <= Date.now() + CLOCK_SKEW_MS, { error: '结束录制时间不能晚于当前时间', path: ['endedAt'] })
export type MediaMetadata = z.infer<typeof MediaMetadata>

const metadataError = (detail: string) => badRequest('MEDIA_METADATA', `上传元数据不合法：${detail}`)

/** the Upload-Metadata header (tus: comma-separated `key base64(value)`), checked. */
export function parseMediaMetadata(header: string | undefined): MediaMetadata {
  if (!header) throw metadataError('缺少 Upload-Metadata')
  let raw: Record<string, string | null>
  try {
    raw = Metadata.parse(header)
  } catch {
    throw metadataError('Upload-Metadata 的格式不符合 tus 协议')
  }
  return checkMediaMetadata(raw)
}

/** decoded metadata (from the header, or as the staging area kept it), checked. */
export function checkMediaMetadata(raw: Record<string, string | null | undefined>): MediaMetadata {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined && v !== ''))
  const parsed = MediaMetadata.safeParse(present)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const key = issue.path.join('.')
    const message = issue.code === 'unrecognized_keys' ? `不认识的字段 ${issue.keys.join('、')}` : issue.message
    throw metadataError(key && issue.code !== 'unrecognized_keys' ? `${key}：${message}` : message)
  }
  return parsed.data
}
