// the Merkle tree hash of RFC 6962 §2.1 (MTH, audit paths, consistency proofs), with the
// verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2. Pure: no database, no I/O.
// The hash is SM3 by default (GB/T 32905) or SHA-256; both come from node:crypto.
import crypto from 'node:crypto'

export type HashAlg = 'sm3' | 'sha256'
export const HASH_ALGS: readonly HashAlg[] = ['sm3', 'sha256']

const LEAF_PREFIX = Buffer.from([0x00])
const NODE_PREFIX = Buffer.from([0x01])

function digest(alg: HashAlg, ...parts: Buffer[]): Buffer {
  const h = crypto.createHash(alg)
  for (const p of parts) h.update(p)
  return h.digest()
}

/** MTH({d}) = HASH(0x00 || d) (RFC 6962 §2.1). */
export function leafHash(alg: HashAlg, data: Buffer | Uint8Array): Buffer {
  return digest(alg, LEAF_PREFIX, Buffer.from(data))
}

/** interior node HASH(0x01 || left || right) (RFC 6962 §2.1). */
export function nodeHash(alg: HashAlg, left: Buffer, right: Buffer): Buffer {
  return digest(alg, NODE_PREFIX, left, right)
}

/** MTH({}) = HASH() — the root of the empty tree. */
export function emptyRoot(alg: HashAlg): Buffer {
  return digest(alg)
}

/** The largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** A half-open range [start, end) of leaf indexes whose MTH is one proof entry. */
export type Range = { start: number; end: number }

/** A complete (perfect) subtree: 2^level leaves starting at leaf index * 2^level. */
export type Subtree = { level: number; index: number }

/**
 * The complete subtrees that make up the range [start, end) in left-to-right order, as RFC 6962
 * builds MTH(D[start:end]) for every range its recursion visits (start is aligned to the range's
 * split). Folding their hashes right to left gives the range's MTH. O(log n) pieces.
 */
export function rangeSubtrees(start: number, end: number): Subtree[] {
  const out: Subtree[] = []
  let pos = start
  while (pos < end) {
    let level = 0
    while (pos % 2 ** (level + 1) === 0 && pos + 2 ** (level + 1) <= end) level++
    out.push({ level, index: pos / 2 ** level })
    pos += 2 ** level
  }
  return out
}

/** Folds the hashes of a range's complete subtrees (left to right) into the range's MTH. */
export function foldSubtrees(alg: HashAlg, hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return emptyRoot(alg)
  let h = hashes[hashes.length - 1]!
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(alg, hashes[i]!, h)
  return h
}

/** the ranges whose MTHs form PATH(m, D[n]) (RFC 6962 §2.1.1), in proof order. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size)) || index < 0 || index >= size) {
    throw new RangeError(`no leaf ${index} in a tree of ${size}`)
  }
  const out: Range[] = []
  let start = 0
  let end = size
  let m = index
  // Walk down from the root; the proof lists siblings from the leaf up, so collect and reverse.
  while (end - start > 1) {
    const k = splitPoint(end - start)
    if (m < k) {
      out.push({ start: start + k, end })
      end = start + k
    } else {
      out.push({ start, end: start + k })
      start += k
      m -= k
    }
  }
  return out.reverse()
}

/** the ranges whose MTHs form PROOF(m, D[n]) (RFC 6962 §2.1.2), in proof order. */
export function consistencyRanges(size1: number, size2: number): Range[] {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2)) || size1 < 0 || size1 > size2) {
    throw new RangeError(`no consistency proof from ${size1} to ${size2}`)
  }
  if (size1 === 0 || size1 === size2) return []
  const out: Range[] = []
  let start = 0
  let end = size2
  let m = size1
  let whole = true
  // SUBPROOF(m, D[start:end], whole), unrolled; entries are appended after the recursion in
  // the RFC, so collect in reverse and flip.
  for (;;) {
    const n = end - start
    if (m === n) {
      if (!whole) out.push({ start, end })
      break
    }
    const k = splitPoint(n)
    if (m <= k) {
      out.push({ start: start + k, end })
      end = start + k
    } else {
      out.push({ start, end: start + k })
      start += k
      m -= k
      whole = false
    }
  }
  return out.reverse()
}

/** Anything that can give the hash of a complete subtree (memory, the database). */
export type SubtreeSource = (t: Subtree) => Buffer

/** The MTH of [start, end) from complete-subtree hashes. */
export function rangeHash(alg: HashAlg, source: SubtreeSource, r: Range): Buffer {
  return foldSubtrees(alg, rangeSubtrees(r.start, r.end).map(source))
}

/** An in-memory tree: all complete subtrees kept by level (tests, the witness, small exports). */
export class MemoryTree {
  readonly alg: HashAlg
  /** levels[l][i] = hash of the complete subtree of 2^l leaves starting at i * 2^l. */
  private readonly levels: Buffer[][] = [[]]

  constructor(alg: HashAlg = 'sm3') {
    this.alg = alg
  }

  get size(): number {
    return this.levels[0]!.length
  }

  /** Appends raw entry data (hashed as a leaf). */
  append(data: Buffer | Uint8Array): number {
    return this.appendLeafHash(leafHash(this.alg, data))
  }

  appendLeafHash(h: Buffer): number {
    const index = this.size
    this.levels[0]!.push(h)
    let level = 0
    let i = index
    while (i % 2 === 1) {
      const parent = nodeHash(this.alg, this.levels[level]![i - 1]!, this.levels[level]![i]!)
      level++
      this.levels[level] ??= []
      this.levels[level]!.push(parent)
      i = (i - 1) / 2
    }
    return index
  }

  readonly subtree: SubtreeSource = ({ level, index }) => {
    const h = this.levels[level]?.[index]
    if (!h) throw new RangeError(`no complete subtree ${level}/${index}`)
    return h
  }

  leaf(index: number): Buffer {
    return this.subtree({ level: 0, index })
  }

  root(size = this.size): Buffer {
    if (size > this.size || size < 0) throw new RangeError(`tree has only ${this.size} leaves`)
    return rangeHash(this.alg, this.subtree, { start: 0, end: size })
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    if (size > this.size) throw new RangeError(`tree has only ${this.size} leaves`)
    return inclusionRanges(index, size).map((r) => rangeHash(this.alg, this.subtree, r))
  }

  consistencyProof(size1: number, size2 = this.size): Buffer[] {
    if (size2 > this.size) throw new RangeError(`tree has only ${this.size} leaves`)
    return consistencyRanges(size1, size2).map((r) => rangeHash(this.alg, this.subtree, r))
  }
}

/** SM3 and SHA-256 are both 256-bit. */
function isHash(_alg: HashAlg, b: unknown): b is Buffer {
  return Buffer.isBuffer(b) && b.length === 32
}

function validSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

/**
 * RFC 9162 §2.1.3.2 — does `proof` show that `leaf` (a leaf hash) is entry `index` of the
 * tree of `treeSize` leaves whose root is `root`? Never throws; bad input is false.
 */
export function verifyInclusion(
  alg: HashAlg,
  leaf: Buffer,
  index: number,
  treeSize: number,
  proof: Buffer[],
  root: Buffer,
): boolean {
  try {
    if (!HASH_ALGS.includes(alg) || !validSize(index) || !validSize(treeSize) || index >= treeSize) return false
    if (!isHash(alg, leaf) || !isHash(alg, root) || !Array.isArray(proof) || !proof.every((p) => isHash(alg, p))) return false
    // Index arithmetic by BigInt: sizes beyond 2^31 must not break the bit operations.
    let fn = BigInt(index)
    let sn = BigInt(treeSize - 1)
    let r = leaf
    for (const p of proof) {
      if (sn === 0n) return false
      if ((fn & 1n) === 1n || fn === sn) {
        r = nodeHash(alg, p, r)
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n
            sn >>= 1n
          }
        }
      } else {
        r = nodeHash(alg, r, p)
      }
      fn >>= 1n
      sn >>= 1n
    }
    return sn === 0n && r.equals(root)
  } catch {
    return false
  }
}

/**
 * RFC 9162 §2.1.4.2 — does `proof` show that the tree of size2 leaves with root2 extends the
 * tree of size1 leaves with root1 (history only grew)? Equal sizes need an empty proof and equal
 * roots; the empty tree is consistent with every tree. Never throws; bad input is false.
 */
export function verifyConsistency(
  alg: HashAlg,
  size1: number,
  size2: number,
  proof: Buffer[],
  root1: Buffer,
  root2: Buffer,
): boolean {
  try {
    if (!HASH_ALGS.includes(alg) || !validSize(size1) || !validSize(size2) || size1 > size2) return false
    if (!isHash(alg, root1) || !isHash(alg, root2) || !Array.isArray(proof) || !proof.every((p) => isHash(alg, p))) return false
    if (size1 === size2) return proof.length === 0 && root1.equals(root2)
    if (size1 === 0) return proof.length === 0 && root1.equals(emptyRoot(alg))
    if (proof.length === 0) return false
    let path = proof
    const b1 = BigInt(size1)
    if ((b1 & (b1 - 1n)) === 0n) path = [root1, ...proof]
    let fn = BigInt(size1 - 1)
    let sn = BigInt(size2 - 1)
    while ((fn & 1n) === 1n) {
      fn >>= 1n
      sn >>= 1n
    }
    let fr = path[0]!
    let sr = path[0]!
    for (const c of path.slice(1)) {
      if (sn === 0n) return false
      if ((fn & 1n) === 1n || fn === sn) {
        fr = nodeHash(alg, c, fr)
        sr = nodeHash(alg, c, sr)
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n
            sn >>= 1n
          }
        }
      } else {
        sr = nodeHash(alg, sr, c)
      }
      fn >>= 1n
      sn >>= 1n
    }
    return fr.equals(root1) && sr.equals(root2) && sn === 0n
  } catch {
    return false
  }
}
