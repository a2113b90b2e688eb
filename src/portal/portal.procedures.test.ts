import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { testApp, testDb } from '../../test/support.ts'
import { loadCaseModel, type CaseKindModel } from '../domains/cases/model.ts'
import { flowEdges, flowGraph, flowSvg } from '../domains/cases/flowchart.ts'

const db = testDb()
let shared: Promise<FastifyInstance> | undefined
const app = () => (shared ??= testApp())
after(async () => (await shared)?.close())

const get = async (url: string) => (await app()).inject({ method: 'GET', url })
const labels = { title: 't', description: 'd', repeatable: 'r', statute: 's' }
const ordinary = async () => (await loadCaseModel(db)).find((k) => k.code === '处罚-普通')!

test('P-04 / R-01: the flowchart has one node per action type of the model and one arrow per precondition', async () => {
  const kind = await ordinary()
  const graph = flowGraph(kind)
  assert.deepEqual(graph.nodes.map((n) => n.code).sort(), kind.actions.map((a) => a.code).sort())
  const expected = kind.actions.flatMap((a) => [...a.requiresAll, ...a.requiresAny, ...a.requiresConditional].map((p) => `${p} → ${a.code}`))
  assert.deepEqual(graph.edges.map((e) => `${e.from} → ${e.to}`).sort(), expected.sort())
  const layer = (code: string) => graph.nodes.find((n) => n.code === code)!.layer
  // 处罚法44/57/58: 告知 comes before 决定, and 法制审核 (major cases only) between them
  assert.ok(layer('告知') < layer('法制审核') && layer('法制审核') < layer('决定'))
  assert.ok(layer('决定') < layer('送达') && layer('结案') < layer('归档'))
  assert.equal(graph.nodes.find((n) => n.code === '法制审核')!.optional, true)
  assert.equal(graph.nodes.find((n) => n.code === '不予立案')!.ends, true)
  const conditional = graph.edges.filter((e) => e.kind === 'conditional').map((e) => `${e.from} → ${e.to}`)
  assert.ok(conditional.includes('法制审核 → 决定') && conditional.includes('听证 → 决定'))

  const svg = flowSvg(graph, labels)
  for (const e of expected) assert.ok(svg.includes(`<title>${e}</title>`), e)
  for (const n of graph.nodes) {
    assert.ok(n.x >= 0 && n.x + 132 <= graph.width && n.y + 40 <= graph.height, `${n.code} inside the picture`)
  }
})

test('P-04: a change of the stage model changes the picture (it is not drawn by hand)', async () => {
  const kind = await ordinary()
  const changed: CaseKindModel = {
    ...kind,
    actions: [
      ...kind.actions,
      { ...kind.actions.find((a) => a.code === '核查')!, code: '专家论证', seq: 999, requiresAll: ['调查取证'], requiresAny: [], requiresConditional: [] },
    ],
  }
  const before = flowSvg(flowGraph(kind), labels)
  const after = flowSvg(flowGraph(changed), labels)
  assert.ok(!before.includes('专家论证'))
  assert.ok(after.includes('<title>调查取证 → 专家论证</title>'))
  assert.equal(flowEdges(changed.actions).length, flowEdges(kind.actions).length + 1)
  const cyclic: CaseKindModel = { ...kind, actions: kind.actions.map((a) => (a.code === '案源登记' ? { ...a, requiresAll: ['归档'] } : a)) }
  assert.throws(() => flowGraph(cyclic), /循环/)
})

test('P-04 / N-08: the portal shows every kind’s flowchart without JavaScript, with a text list of the steps', async () => {
  const model = await loadCaseModel(db)
  const index = await get('/procedures')
  assert.equal(index.statusCode, 200)
  for (const k of model) assert.ok(index.body.includes(`href="/procedures/${encodeURIComponent(k.code)}"`), k.code)

  for (const k of model) {
    const res = await get(`/procedures/${encodeURIComponent(k.code)}`)
    assert.equal(res.statusCode, 200, k.code)
    assert.match(res.body, /<svg [^>]*role="img"/)
    assert.ok(!/<script/i.test(res.body))
    for (const a of k.actions) assert.ok(res.body.includes(`data-code="${a.code}"`) && res.body.includes(`<strong>${a.code}</strong>`), `${k.code} ${a.code}`)
  }
  const svg = await get(`/procedures/${encodeURIComponent('强制-措施')}/flow.svg`)
  assert.equal(svg.statusCode, 200)
  assert.match(svg.headers['content-type'] as string, /^image\/svg\+xml/)
  assert.ok(svg.body.includes('<title>决定书送达 → 延长</title>'))
  const english = await get(`/procedures/${encodeURIComponent('许可')}?lang=en`)
  assert.ok(english.body.includes('Procedure chart: 行政许可'))

  assert.equal((await get('/procedures/nope')).statusCode, 404)
  const missingSvg = await get('/procedures/nope/flow.svg')
  assert.equal(missingSvg.statusCode, 404)
  assert.equal(missingSvg.json().code, 'NOT_FOUND')
})
