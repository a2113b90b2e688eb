import fsp from 'node:fs/promises'

type Box = { type: string; start: number; headerSize: number; size: number }

/** Reads the box header at `at` (ISO BMFF: 32-bit size, type, optional 64-bit size). */
async function boxAt(handle: fsp.FileHandle, at: number, end: number): Promise<Box | undefined> {
  if (at + 8 > end) return undefined
  const header = Buffer.alloc(16)
  const { bytesRead } = await handle.read(header, 0, 16, at)
  if (bytesRead < 8) return undefined
  let size = header.readUInt32BE(0)
  let headerSize = 8
  if (size === 1) {
    if (bytesRead < 16) return undefined
    size = Number(header.readBigUInt64BE(8))
    headerSize = 16
  } else if (size === 0) size = end - at
  if (size < headerSize || at + size > end) return undefined
  return { type: header.toString('latin1', 4, 8), start: at, headerSize, size }
}

async function findChild(handle: fsp.FileHandle, from: number, end: number, type: string): Promise<Box | undefined> {
  for (let at = from; ; ) {
    const box = await boxAt(handle, at, end)
    if (!box) return undefined
    if (box.type === type) return box
    at += box.size
  }
}

/**
 * the running time of an MP4 / QuickTime / M4A recording in milliseconds, from the
 * movie header (moov/mvhd), or undefined when the file has none or another container.
 * Reads a few box headers, wherever moov sits (start or end of the file).
 */
export async function isoMediaDurationMs(file: string): Promise<number | undefined> {
  const handle = await fsp.open(file, 'r')
  try {
    const { size } = await handle.stat()
    const moov = await findChild(handle, 0, size, 'moov')
    if (!moov) return undefined
    const mvhd = await findChild(handle, moov.start + moov.headerSize, moov.start + moov.size, 'mvhd')
    if (!mvhd) return undefined
    const body = Buffer.alloc(32)
    await handle.read(body, 0, 32, mvhd.start + mvhd.headerSize)
    const version = body[0]
    const [timescale, duration] =
      version === 1 ? [body.readUInt32BE(20), Number(body.readBigUInt64BE(24))] : [body.readUInt32BE(12), body.readUInt32BE(16)]
    if (!timescale || duration === 0xffffffff || !Number.isFinite(duration)) return undefined
    return Math.round((duration * 1000) / timescale)
  } finally {
    await handle.close()
  }
}
