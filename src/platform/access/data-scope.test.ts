// F-05 property: for random organisation trees and random users, nobody reads or writes
// a node outside their scope, and everybody sees exactly the nodes inside it. The oracle
// walks parent links of the generated model; the system answers from materialised paths.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { testApp, testDb, makeOrg, makeUser, loginAs, uid, DB_KIND, type OrgRow, type Session } from '../../../test/support.ts'
import { childLevel, type OrgKind, type OrgLevel } from '../orgs/rules.ts'
import type { Role } from './roles.ts'
import { isSupervisory } from './users.rules.ts'

type ModelNode = { parent: number | null; kind: OrgKind; level: OrgLevel; depth: number }
const MAX_DEPTH = 4

const treeArb = fc.array(
  fc.record({ parent: fc.nat(), kind: fc.constantFrom<OrgKind>('region', 'agency', 'agency', 'unit') }),
  { minLength: 6, maxLength: 30 },
)

const roleSetArb: fc.Arbitrary<Role[]> = fc.oneof(
  fc.subarray<Role>(['officer', 'head', 'reviewer', 'disclosure'], { minLength: 1 }),
  fc.constant<Role[]>(['auxiliary']),
  fc.constantFrom<Role[]>(['supervisor'], ['admin'], ['supervisor', 'admin'], ['admin', 'officer']),
)
const userArb = fc.record({ roles: roleSetArb, position: fc.nat(), scopePick: fc.nat() })

/** A tree under a province root; every instruction that cannot be placed is skipped. */
function buildModel(instructions: { parent: number; kind: OrgKind }[]): ModelNode[] {
  const nodes: ModelNode[] = [{ parent: null, kind: 'region', level: 'province', depth: 0 }]
  for (const { parent, kind } of [{ parent: 0, kind: 'agency' as const }, ...instructions]) {
    const eligible = nodes.map((node, index) => ({ node, index })).filter(({ node }) => node.depth < MAX_DEPTH && childLevel(node, kind))
    if (!eligible.length) continue
    const chosen = eligible[parent % eligible.length]!
    nodes.push({ parent: chosen.index, kind, level: childLevel(chosen.node, kind)!, depth: chosen.node.depth + 1 })
  }
  return nodes
}

function isUnder(nodes: ModelNode[], index: number, ancestor: number): boolean {
  for (let at: number | null = index; at !== null; at = nodes[at]!.parent) if (at === ancestor) return true
  return false
}

function nearestAgency(nodes: ModelNode[], index: number): number {
  for (let at: number | null = index; at !== null; at = nodes[at]!.parent) if (nodes[at]!.kind === 'agency') return at
  throw new Error('no agency above a non-region node')
}

test(`F-05: nobody reads or writes an organisation outside their data scope (property, ${DB_KIND})`, async () => {
  const db = testDb()
  // Nodes of another tree: in nobody's scope.
  const foreignRoot = await makeOrg(db, { level: 'province' })
  const foreignAgency = await makeOrg(db, { parent: foreignRoot, kind: 'agency', level: 'province' })
  const foreign = [foreignRoot, foreignAgency, await makeOrg(db, { parent: foreignAgency, kind: 'unit', level: 'province' })]

  await fc.assert(
    fc.asyncProperty(
      treeArb,
      fc.array(userArb, { minLength: 1, maxLength: 4 }),
      fc.nat(),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 4, maxLength: 10 }),
      async (instructions, userSpecs, adminScopePick, pairs) => {
        const model = buildModel(instructions)
        const rows: OrgRow[] = []
        for (const node of model) {
          const parent = node.parent === null ? undefined : rows[node.parent]
          rows.push(await makeOrg(db, { parent, kind: node.kind, level: node.level }))
        }
        const regions = model.flatMap((node, i) => (node.kind === 'region' ? [i] : []))
        const staffed = model.flatMap((node, i) => (node.kind === 'region' ? [] : [i]))
        // Always at least one admin, so that writes are tried by someone who may write.
        const specs = [...userSpecs, { roles: ['admin'] as Role[], position: adminScopePick, scopePick: adminScopePick }]
        const users: { roles: Role[]; scope: number; username: string }[] = []
        for (const spec of specs) {
          const supervisory = isSupervisory(spec.roles)
          const org = supervisory ? spec.position % model.length : staffed[spec.position % staffed.length]!
          const scope = supervisory ? regions[spec.scopePick % regions.length]! : nearestAgency(model, org)
          const { username } = await makeUser(db, { org: rows[org]!, scope: rows[scope]!, roles: spec.roles })
          users.push({ roles: spec.roles, scope, username })
        }

        const app = await testApp()
        try {
          const sessions: Session[] = []
          for (const user of users) sessions.push(await loginAs(app, user.username))
          const targets = [...rows.map((row, index) => ({ row, index })), ...foreign.map((row) => ({ row, index: -1 }))]
          const inScope = (user: (typeof users)[number], index: number) => index >= 0 && isUnder(model, index, user.scope)

          for (const [u, user] of users.entries()) {
            const res = await app.inject({ method: 'GET', url: '/api/orgs', headers: sessions[u]!.headers })
            assert.equal(res.statusCode, 200)
            const expected = rows.filter((_, index) => inScope(user, index)).map((row) => row.id)
            assert.deepEqual(res.json().map((o: { id: string }) => o.id).sort(), expected.sort())
          }

          for (const [userPick, targetPick] of pairs) {
            const u = userPick % users.length
            const user = users[u]!
            const headers = sessions[u]!.headers
            const { row, index } = targets[targetPick % targets.length]!
            const visible = inScope(user, index)

            const read = await app.inject({ method: 'GET', url: `/api/orgs/${row.id}`, headers })
            assert.equal(read.statusCode, visible ? 200 : 403, `GET ${row.id} as ${user.roles}: ${read.body}`)
            if (!visible) assert.equal(read.json().name, undefined)
            const history = await app.inject({ method: 'GET', url: `/api/orgs/${row.id}/versions`, headers })
            assert.equal(history.statusCode, visible ? 200 : 403)

            const writable = visible && user.roles.includes('admin')
            const before = await db.one(`SELECT version, duties FROM org_node WHERE id = $1`, [row.id])
            const write = await app.inject({
              method: 'PATCH',
              url: `/api/orgs/${row.id}`,
              headers,
              payload: { duties: `职责${uid()}`, reason: '数据范围属性测试' },
            })
            assert.equal(write.statusCode, writable ? 200 : 403, `PATCH ${row.id} as ${user.roles}: ${write.body}`)
            const after = await db.one(`SELECT version, duties FROM org_node WHERE id = $1`, [row.id])
            if (writable) assert.equal(after.version, before.version + 1)
            else assert.deepEqual(after, before)

            const kind = index >= 0 && model[index]!.kind !== 'region' ? 'unit' : 'agency'
            const create = await app.inject({
              method: 'POST',
              url: '/api/orgs',
              headers,
              payload: { parentId: row.id, kind, code: uid('p'), name: '属性测试新节点' },
            })
            assert.equal(create.statusCode, writable ? 201 : 403, create.body)
          }
        } finally {
          await app.close()
        }
      },
    ),
    { numRuns: 15 },
  )
})
