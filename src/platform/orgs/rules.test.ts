import { test } from 'node:test'
import assert from 'node:assert/strict'
import { childLevel, pathDepth, placementProblem } from './rules.ts'

test('§0 / F-05: regions go one level down, agencies at their region level, units under agencies', () => {
  assert.equal(childLevel({ kind: 'region', level: 'province' }, 'region'), 'city')
  assert.equal(childLevel({ kind: 'region', level: 'county' }, 'region'), 'township')
  assert.equal(childLevel({ kind: 'region', level: 'township' }, 'region'), undefined)
  assert.equal(childLevel({ kind: 'region', level: 'county' }, 'agency'), 'county')
  assert.equal(childLevel({ kind: 'agency', level: 'county' }, 'unit'), 'county')
  assert.equal(childLevel({ kind: 'unit', level: 'city' }, 'unit'), 'city')
  assert.equal(childLevel({ kind: 'region', level: 'city' }, 'unit'), undefined)
  assert.equal(childLevel({ kind: 'agency', level: 'city' }, 'agency'), undefined)
})

test('§0 / F-05: misplaced nodes get a Chinese explanation', () => {
  assert.equal(placementProblem({ kind: 'region', level: 'city' }, { kind: 'agency' }), undefined)
  assert.equal(placementProblem({ kind: 'region', level: 'city' }, { kind: 'region', level: 'county' }), undefined)
  assert.match(placementProblem({ kind: 'region', level: 'city' }, { kind: 'unit' })!, /内设机构必须隶属于执法主体/)
  assert.match(placementProblem({ kind: 'agency', level: 'city' }, { kind: 'region' })!, /必须隶属于行政区域/)
  assert.match(placementProblem({ kind: 'region', level: 'township' }, { kind: 'region' })!, /最低一级/)
  assert.match(placementProblem({ kind: 'region', level: 'city' }, { kind: 'agency', level: 'province' })!, /应为市（州、师）级，不能是省级/)
})

test('pathDepth counts the nodes on a materialised path', () => {
  assert.equal(pathDepth('/a/'), 1)
  assert.equal(pathDepth('/a/b/c/'), 3)
})
