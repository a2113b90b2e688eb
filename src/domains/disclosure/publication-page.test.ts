import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MESSAGES } from '../../portal/messages.ts'
import { publicationPage } from '../../portal/pages/publication.ts'
import type { PublicPublication, PublicVersion } from './public.ts'

const page = { lang: 'zh-CN' as const, t: MESSAGES['zh-CN'], url: new URL('http://localhost/publications/GS202509300123456789') }
const v1: PublicVersion = {
  version: 1, status: 'published', title: '行政处罚决定信息：张某某', body: '罚款一百元', fields: { 执法机关: '测试局', 执法对象: '张某某' },
  note: null, reason: null, withdrawTrigger: null, createdOn: '2025-10-09', periodEndsOn: '2026-01-09', leafIndex: 41,
}
const base: PublicPublication = {
  publicId: 'GS202509300123456789', kind: '处罚', agencyName: '测试局', domain: '市场监管', priority: true, decidedOn: '2025-09-30',
  current: v1, history: [v1], withdrawn: false, ended: false,
}

test('P-12: once the publicity period has ended the page says so and shows the end date', () => {
  const html = publicationPage(page, { ...base, ended: true }).value
  assert.ok(html.includes('公示期已届满'))
  assert.ok(html.includes('2026-01-09'))
  assert.ok(!publicationPage(page, base).value.includes('公示期已届满'))
})

test('P-11: a withdrawn publication shows 已撤回 with the trigger and the reason, not the withdrawn text; history links each version to its log leaf (R-08)', () => {
  const w: PublicVersion = { ...v1, version: 2, status: 'withdrawn', body: '本信息已撤回', reason: '复议机关撤销原决定', withdrawTrigger: '撤销', createdOn: '2025-11-01', leafIndex: null }
  const html = publicationPage(page, { ...base, current: w, history: [v1, w], withdrawn: true }).value
  assert.ok(html.includes('已撤回'))
  assert.ok(html.includes('复议机关撤销原决定'))
  assert.ok(!html.includes('罚款一百元'), 'the withdrawn content is not shown as current')
  assert.ok(html.includes('/api/ledger/proof/inclusion?index=41'))
  assert.ok(html.includes('待记入防篡改日志'))
  assert.ok(!html.includes('<script'), 'readable without JavaScript')
})
