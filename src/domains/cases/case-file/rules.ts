/**
 * rules of the 案卷 (行政处罚/行政许可案卷 standards, s004 task 17/22): the 卷内目录 lists
 * every document in order with 序号, 文书名称, 文号, 日期 and 页号; pages are numbered
 * continuously from the first document (the 目录 itself carries no number).
 */
export type TocItem = { name: string; number: string | null; date: string | null; pages: number }
export type TocEntry = TocItem & { seq: number; firstPage: number | null; lastPage: number | null; pageLabel: string }

/** A withheld item (国家秘密, pages 0) keeps its 序号 and says so instead of a 页号. */
export const WITHHELD_LABEL = '未随卷'

export function tableOfContents(items: TocItem[]): TocEntry[] {
  let next = 1
  return items.map((item, index) => {
    if (item.pages === 0) return { ...item, seq: index + 1, firstPage: null, lastPage: null, pageLabel: WITHHELD_LABEL }
    const firstPage = next
    const lastPage = next + item.pages - 1
    next = lastPage + 1
    return { ...item, seq: index + 1, firstPage, lastPage, pageLabel: firstPage === lastPage ? String(firstPage) : `${firstPage}-${lastPage}` }
  })
}

/** media larger than this go into the bundle as a hash entry only (the file stays in the blob store). */
export const BUNDLE_MEDIA_MAX_BYTES = 50 * 1024 * 1024

/** 音像资料 (audio and video) have their own list; other attachments are the evidence list. */
export const isAudioVisual = (mediaType: string) => mediaType.startsWith('audio/') || mediaType.startsWith('video/')

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
}
export const extensionOf = (mediaType: string) => EXTENSIONS[mediaType] ?? 'bin'

/** A file name that is safe in any ZIP reader: no separators, no control characters. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 80) || '_'
}
