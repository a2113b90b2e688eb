import { Transform } from 'node:stream'
import { AppError } from '../../../platform/http/errors.ts'

/** what a case attachment may be (phone photos, short audio/video, scans), and the upload limit. */
export const ATTACHMENT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/heic',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'audio/ogg',
  'audio/amr',
  'video/mp4',
  'application/pdf',
] as const
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number]
export const ATTACHMENT_MAX_BYTES = 200 * 1024 * 1024

const ALIASES: Record<string, AttachmentMediaType> = {
  'image/jpg': 'image/jpeg',
  'image/heif': 'image/heic',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
}

/** The allowed media type a Content-Type header names, or undefined. */
export function allowedMediaType(contentType: string | undefined): AttachmentMediaType | undefined {
  const base = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const type = ALIASES[base] ?? base
  return (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(type) ? (type as AttachmentMediaType) : undefined
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'])
const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1')

/** whether the first bytes are those of the declared type (the Content-Type alone proves nothing). */
export function magicMatches(type: AttachmentMediaType, head: Buffer): boolean {
  const isoBrand = head.length >= 12 && ascii(head, 4, 8) === 'ftyp' ? ascii(head, 8, 12) : undefined
  switch (type) {
    case 'image/jpeg':
      return head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff
    case 'image/png':
      return head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    case 'image/heic':
      return isoBrand !== undefined && HEIC_BRANDS.has(isoBrand)
    case 'video/mp4':
    case 'audio/mp4':
      return isoBrand !== undefined && !HEIC_BRANDS.has(isoBrand)
    case 'audio/mpeg':
      return ascii(head, 0, 3) === 'ID3' || (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)
    case 'audio/wav':
      return ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE'
    case 'audio/ogg':
      return ascii(head, 0, 4) === 'OggS'
    case 'audio/amr':
      return ascii(head, 0, 5) === '#!AMR'
    case 'application/pdf':
      return ascii(head, 0, 5) === '%PDF-'
  }
}

export const mediaTypeMismatch = (type: string) =>
  new AppError(415, 'MEDIA_TYPE_MISMATCH', `文件内容与声明的类型（${type}）不符`)

const HEAD_BYTES = 16

/** Passes bytes through once the first ones are checked against the declared type. */
export function sniffing(type: AttachmentMediaType): Transform {
  let head: Buffer | null = Buffer.alloc(0)
  const check = (stream: Transform) => {
    const ok = magicMatches(type, head!)
    if (ok) stream.push(head)
    head = null
    return ok
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head === null) return done(null, chunk)
      head = Buffer.concat([head, chunk])
      if (head.length < HEAD_BYTES) return done()
      done(check(this) ? null : mediaTypeMismatch(type))
    },
    flush(done) {
      if (head === null) return done()
      done(head.length > 0 && check(this) ? null : mediaTypeMismatch(type))
    },
  })
}
