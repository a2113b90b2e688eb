import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { MemoryTree, leafHash, verifyConsistency, verifyInclusion, type HashAlg } from './merkle.ts'

// Known answers of RFC 6962 trees over SHA-256, from transparency-dev/merkle
// testonly/reference_test.go and tree_test.go (commit e739733c8ca2b89cfc49f35b161e81e16b5957d7),
// the same vectors as certificate-transparency-go merkle tests.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const INCLUSION: { size: number; index: number; proof: string[] }[] = [
  { size: 1, index: 0, proof: [] },
  { size: 2, index: 0, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'] },
  { size: 2, index: 1, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'] },
  { size: 3, index: 2, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    size: 5,
    index: 1,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size: 8,
    index: 0,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size: 8,
    index: 5,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
]
const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
]

const hex = (b: Buffer[]) => b.map((x) => x.toString('hex'))
const buf = (h: string[]) => h.map((x) => Buffer.from(x, 'hex'))

function referenceTree(alg: HashAlg = 'sha256'): MemoryTree {
  const t = new MemoryTree(alg)
  for (const l of LEAVES) t.append(Buffer.from(l, 'hex'))
  return t
}

test('R-08 RFC 6962 vectors: roots of the 8 reference leaves (SHA-256)', () => {
  const t = referenceTree()
  for (let n = 1; n <= 8; n++) assert.equal(t.root(n).toString('hex'), ROOTS[n - 1], `root of ${n}`)
  assert.equal(t.root(0).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
})

test('R-08 RFC 6962 vectors: inclusion proofs generate and verify', () => {
  const t = referenceTree()
  for (const v of INCLUSION) {
    assert.deepEqual(hex(t.inclusionProof(v.index, v.size)), v.proof, `path ${v.index}/${v.size}`)
    const leaf = leafHash('sha256', Buffer.from(LEAVES[v.index]!, 'hex'))
    assert.ok(verifyInclusion('sha256', leaf, v.index, v.size, buf(v.proof), Buffer.from(ROOTS[v.size - 1]!, 'hex')))
    // The wrong index, size or root must fail.
    assert.equal(verifyInclusion('sha256', leaf, v.index + 1, v.size, buf(v.proof), Buffer.from(ROOTS[v.size - 1]!, 'hex')), false)
    assert.equal(verifyInclusion('sha256', leaf, v.index, v.size, buf(v.proof), Buffer.from(ROOTS[(v.size % 8)]!, 'hex')), false)
  }
})

test('R-08 RFC 6962 vectors: consistency proofs generate and verify', () => {
  const t = referenceTree()
  for (const v of CONSISTENCY) {
    assert.deepEqual(hex(t.consistencyProof(v.size1, v.size2)), v.proof, `proof ${v.size1}->${v.size2}`)
    const r1 = Buffer.from(ROOTS[v.size1 - 1]!, 'hex')
    const r2 = Buffer.from(ROOTS[v.size2 - 1]!, 'hex')
    assert.ok(verifyConsistency('sha256', v.size1, v.size2, buf(v.proof), r1, r2))
    if (v.size1 !== v.size2) {
      assert.equal(verifyConsistency('sha256', v.size1, v.size2, buf(v.proof), r2, r2), false)
      assert.equal(verifyConsistency('sha256', v.size1, v.size2, buf(v.proof), r1, r1), false)
    }
  }
})

test('R-08 verify functions never throw on bad input', () => {
  const h = Buffer.alloc(32)
  assert.equal(verifyInclusion('sha256', h, -1, 2, [], h), false)
  assert.equal(verifyInclusion('sha256', h, 0, 0, [], h), false)
  assert.equal(verifyInclusion('md5' as HashAlg, h, 0, 1, [], h), false)
  assert.equal(verifyInclusion('sha256', Buffer.alloc(3), 0, 1, [], h), false)
  assert.equal(verifyInclusion('sha256', h, 0, 1, [null as unknown as Buffer], h), false)
  assert.equal(verifyConsistency('sha256', 5, 3, [], h, h), false)
  assert.equal(verifyConsistency('sha256', 2, 3, [], h, h), false)
  assert.equal(verifyConsistency('sha256', 1.5, 3, [h], h, h), false)
})

const sizes = fc.integer({ min: 1, max: 300 })

for (const alg of ['sm3', 'sha256'] as const) {
  test(`R-08 property (${alg}): every inclusion proof verifies, a changed leaf fails`, () => {
    fc.assert(
      fc.property(sizes, fc.nat(), fc.nat(), (size, a, b) => {
        const t = new MemoryTree(alg)
        for (let i = 0; i < size; i++) t.append(Buffer.from(`leaf ${i}`))
        const index = a % size
        const treeSize = index + 1 + (b % (size - index))
        const proof = t.inclusionProof(index, treeSize)
        const root = t.root(treeSize)
        assert.ok(verifyInclusion(alg, t.leaf(index), index, treeSize, proof, root))
        const changed = leafHash(alg, Buffer.from(`leaf ${index}!`))
        assert.equal(verifyInclusion(alg, changed, index, treeSize, proof, root), false)
      }),
      { numRuns: 150 },
    )
  })

  test(`R-08 property (${alg}): every consistency proof verifies, a rewritten history fails`, () => {
    fc.assert(
      fc.property(sizes, fc.nat(), fc.nat(), (size, a, c) => {
        const t = new MemoryTree(alg)
        for (let i = 0; i < size; i++) t.append(Buffer.from(`leaf ${i}`))
        const size1 = 1 + (a % size)
        const proof = t.consistencyProof(size1, size)
        assert.ok(verifyConsistency(alg, size1, size, proof, t.root(size1), t.root(size)))
        // Same length, one earlier leaf changed: the old root is no longer consistent.
        const other = new MemoryTree(alg)
        const changedAt = c % size1
        for (let i = 0; i < size; i++) other.append(Buffer.from(i === changedAt ? `forged ${i}` : `leaf ${i}`))
        if (size1 < size) {
          const forged = other.consistencyProof(size1, size)
          assert.equal(verifyConsistency(alg, size1, size, forged, t.root(size1), other.root(size)), false)
        }
      }),
      { numRuns: 150 },
    )
  })
}
