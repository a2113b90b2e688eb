import fsp from 'node:fs/promises'
import { magicMatches } from '../cases/attachments/media-types.ts'

/**
 * what a recording may be: the containers of 执法记录仪 and 采集工作站 exports
 * (MP4, QuickTime, WebM, AVI) and audio recorders (MP3, M4A, WAV, OGG, AMR, WebM audio).
 */
export const MEDIA_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-msvideo',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'audio/ogg',
  'audio/amr',
  'audio/webm',
] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

/** one recording may be several GB (a shift of body-camera video); this is the ceiling. */
export const MEDIA_MAX_BYTES = 64 * 1024 ** 3

const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1')
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3])
/** Top-level QuickTime atoms an old .mov may start with instead of ftyp. */
const QT_ATOMS = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'])

/** whether a recording's first bytes are those of its declared type. */
export function mediaMagicMatches(type: MediaType, head: Buffer): boolean {
  switch (type) {
    case 'video/quicktime':
      return head.length >= 8 && QT_ATOMS.has(ascii(head, 4, 8))
    case 'video/webm':
    case 'audio/webm':
      return head.subarray(0, 4).equals(EBML)
    case 'video/x-msvideo':
      return ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'AVI '
    default:
      return magicMatches(type, head)
  }
}

/** The first bytes of a staged file. */
export async function fileHead(file: string, bytes = 16): Promise<Buffer> {
  const handle = await fsp.open(file, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
