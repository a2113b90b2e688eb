// Test and benchmark support: recordings of a given size, written to disk in a stream, and
// the digests the operating system's own tools compute for them.
import crypto from 'node:crypto'
import fs from 'node:fs'
import { execFileSync } from 'node:child_process'

/**
 * An MP4 of `bytes` bytes: ftyp, a moov with a movie header (mvhd) saying `durationMs`,
 * then an mdat of random bytes. Enough for type sniffing and the duration; no player needs it.
 */
export function writeSyntheticMp4(file: string, bytes: number, durationMs = 61_250): void {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(4), Buffer.from('mp42isom')])
  const mvhd = Buffer.alloc(108)
  mvhd.writeUInt32BE(108, 0)
  mvhd.write('mvhd', 4, 'latin1')
  mvhd.writeUInt32BE(1000, 8 + 12) // timescale: milliseconds
  mvhd.writeUInt32BE(durationMs, 8 + 16)
  const moov = Buffer.concat([Buffer.from([0, 0, 0, 116]), Buffer.from('moov'), mvhd])
  const head = Buffer.concat([ftyp, moov])
  const mdatSize = bytes - head.length
  if (mdatSize < 8 || mdatSize > 0xffffffff) throw new Error(`size out of range: ${bytes}`)
  const mdat = Buffer.alloc(8)
  mdat.writeUInt32BE(mdatSize, 0)
  mdat.write('mdat', 4, 'latin1')
  const fd = fs.openSync(file, 'w')
  try {
    fs.writeSync(fd, Buffer.concat([head, mdat]))
    let left = mdatSize - 8
    const block = 4 * 1024 * 1024
    while (left > 0) {
      const chunk = crypto.randomBytes(Math.min(block, left))
      fs.writeSync(fd, chunk)
      left -= chunk.length
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** SHA-256 as `sha256sum` prints it and SM3 as `openssl dgst -sm3` prints it. */
export function systemDigests(file: string): { sha256: string; sm3: string } {
  const sha256 = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(/\s+/)[0]!
  const sm3 = /=\s*([0-9a-f]{64})\s*$/.exec(execFileSync('openssl', ['dgst', '-sm3', file], { encoding: 'utf8' }))![1]!
  return { sha256, sm3 }
}
