// R-08: a witness (https://c2sp.org/tlog-witness style). It keeps, per log origin, the last
// checkpoint it cosigned, and cosigns a new one only when the log's signature verifies and a
// consistency proof shows the new tree extends the old one. A rewritten history, a smaller
// tree or a bad signature is refused with a reason, so even the log's database administrator
// cannot rewrite history unseen once a witness (e.g. the 上级司法局) has cosigned.
//
// Request text (tlog-witness add-checkpoint): "old <size>\n", one base64 proof hash per line,
// a blank line, then the signed checkpoint note.
import crypto, { type KeyObject } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { verifyConsistency, type HashAlg } from './merkle.ts'
import { cosignLine, ed25519Verifier, parseCheckpoint, verifyNote, type NoteVerifier } from './note.ts'

export type WitnessedLog = { origin: string; verifier: NoteVerifier; hash: HashAlg }

export type WitnessState = Record<string, { size: number; root: string }>

export type WitnessStore = { read(): WitnessState; write(s: WitnessState): void }

/** File-based state (JSON), replaced atomically by rename. */
export function fileStore(file: string): WitnessStore {
  return {
    read: () => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as WitnessState) : {}),
    write: (s) => {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      fs.writeFileSync(tmp, JSON.stringify(s, null, 2))
      fs.renameSync(tmp, file)
    },
  }
}

export function memoryStore(): WitnessStore {
  let s: WitnessState = {}
  return { read: () => structuredClone(s), write: (n) => void (s = structuredClone(n)) }
}

export type WitnessRefusal =
  | 'MALFORMED'
  | 'UNKNOWN_LOG'
  | 'BAD_SIGNATURE'
  | 'OLD_SIZE_MISMATCH'
  | 'SMALLER'
  | 'INCONSISTENT'

export type WitnessResult =
  | { ok: true; cosignature: string; size: number }
  | { ok: false; code: WitnessRefusal; reason: string; status: number; lastSize?: number }

export type AddCheckpoint = { oldSize: number; proof: Buffer[]; note: string }

export function parseAddCheckpoint(body: string): AddCheckpoint | null {
  const at = body.indexOf('\n\n')
  if (at < 0) return null
  const head = body.slice(0, at).split('\n')
  const m = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0] ?? '')
  if (!m) return null
  const proof = head.slice(1).map((l) => Buffer.from(l, 'base64'))
  if (proof.some((p) => p.length !== 32)) return null
  return { oldSize: Number(m[1]), proof, note: body.slice(at + 2) }
}

export function formatAddCheckpoint(r: AddCheckpoint): string {
  return `old ${r.oldSize}\n${r.proof.map((p) => `${p.toString('base64')}\n`).join('')}\n${r.note}`
}

export type Witness = {
  name: string
  verifier: NoteVerifier
  addCheckpoint(r: AddCheckpoint): WitnessResult
}

/** R-08: the witness's decision, one request at a time (synchronous read-check-write). */
export function createWitness(o: { name: string; privateKey: KeyObject; logs: WitnessedLog[]; store: WitnessStore; now?: () => number }): Witness {
  const verifier = ed25519Verifier(o.name, crypto.createPublicKey(o.privateKey), true)
  const refuse = (code: WitnessRefusal, reason: string, status: number, lastSize?: number): WitnessResult => ({ ok: false, code, reason, status, lastSize })
  return {
    name: o.name,
    verifier,
    addCheckpoint(r) {
      const cp = parseCheckpoint(r.note)
      if (!cp) return refuse('MALFORMED', '检查点格式错误', 400)
      const log = o.logs.find((l) => l.origin === cp.origin)
      if (!log) return refuse('UNKNOWN_LOG', `未见证日志 ${cp.origin}`, 404)
      const signed = verifyNote(r.note, [log.verifier])
      if (!signed) return refuse('BAD_SIGNATURE', '日志签名验证失败', 403)
      const body = signed.text
      const state = o.store.read()
      const last = state[cp.origin] ?? { size: 0, root: '' }
      if (cp.size < last.size) return refuse('SMALLER', `检查点规模 ${cp.size} 小于已见证的 ${last.size}`, 409, last.size)
      if (r.oldSize !== last.size) return refuse('OLD_SIZE_MISMATCH', `已见证的规模为 ${last.size}，而非 ${r.oldSize}`, 409, last.size)
      if (last.size > 0) {
        const oldRoot = Buffer.from(last.root, 'base64')
        if (!verifyConsistency(log.hash, last.size, cp.size, r.proof, oldRoot, cp.root)) {
          return refuse('INCONSISTENT', `与已见证的规模 ${last.size} 的检查点不一致：日志历史被改写`, 422)
        }
      } else if (r.proof.length) {
        return refuse('INCONSISTENT', '首次见证不需要一致性证明', 422)
      }
      state[cp.origin] = { size: cp.size, root: cp.root.toString('base64') }
      o.store.write(state)
      const time = BigInt(Math.floor((o.now?.() ?? Date.now()) / 1000))
      return { ok: true, size: cp.size, cosignature: cosignLine(o.name, o.privateKey, body, time) }
    },
  }
}
