/**
 * P-04 / R-01: the 执法流程图 of a case kind, drawn from the stage model the case_action
 * trigger enforces (loadCaseModel), never by hand, so the picture cannot drift from what
 * the system does. Pure functions: model → graph → SVG.
 */
import type { ActionTypeModel, CaseKindModel } from './model.ts'

export type FlowEdgeKind = 'required' | 'alternative' | 'conditional'

export type FlowNode = {
  code: string
  stage: string
  statute: string | null
  layer: number
  /** Only in some cases: 法制审核 of a major case, 集体讨论, 听证 once asked for. */
  optional: boolean
  /** 结案 and its alternatives (不予立案, 不予受理): the case ends here. */
  ends: boolean
  repeatable: boolean
  x: number
  y: number
}

export type FlowEdge = { from: string; to: string; kind: FlowEdgeKind }

export type FlowGraph = { kind: string; name: string; nodes: FlowNode[]; edges: FlowEdge[]; width: number; height: number }

const NODE_W = 132
const NODE_H = 40
const GAP_X = 20
const GAP_Y = 40
const MARGIN = 16
const LANE_GAP = 14

/** The edges of the model: each predecessor a type requires, in the way it requires it. */
export function flowEdges(actions: readonly ActionTypeModel[]): FlowEdge[] {
  const edges: FlowEdge[] = []
  for (const a of actions) {
    for (const p of a.requiresAll) edges.push({ from: p, to: a.code, kind: 'required' })
    for (const p of a.requiresAny) edges.push({ from: p, to: a.code, kind: 'alternative' })
    for (const p of a.requiresConditional) edges.push({ from: p, to: a.code, kind: 'conditional' })
  }
  return edges
}

/** Lays the model out in layers: a type sits one layer below its deepest predecessor. */
export function flowGraph(kind: CaseKindModel): FlowGraph {
  const edges = flowEdges(kind.actions)
  const byCode = new Map(kind.actions.map((a) => [a.code, a]))
  const preds = new Map<string, string[]>()
  for (const e of edges) preds.set(e.to, [...(preds.get(e.to) ?? []), e.from])
  const layers = new Map<string, number>()
  const layerOf = (code: string, seen: Set<string>): number => {
    const known = layers.get(code)
    if (known !== undefined) return known
    if (seen.has(code)) throw new Error(`流程模型存在循环：${code}`)
    seen.add(code)
    const ps = (preds.get(code) ?? []).filter((p) => byCode.has(p))
    const layer = ps.length ? 1 + Math.max(...ps.map((p) => layerOf(p, seen))) : 0
    layers.set(code, layer)
    return layer
  }
  for (const a of kind.actions) layerOf(a.code, new Set())

  const rows: ActionTypeModel[][] = []
  for (const a of [...kind.actions].sort((x, y) => x.seq - y.seq)) (rows[layers.get(a.code)!] ??= []).push(a)
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0))
  const width = MARGIN * 2 + widest * NODE_W + (widest - 1) * GAP_X
  const nodes: FlowNode[] = []
  rows.forEach((row, layer) => {
    const rowWidth = row.length * NODE_W + (row.length - 1) * GAP_X
    row.forEach((a, i) => {
      nodes.push({
        code: a.code,
        stage: a.stage,
        statute: a.statute,
        layer,
        optional: a.requiredWhen !== null || a.requiredAfter !== null,
        ends: a.endsCase,
        repeatable: a.repeatable,
        x: (width - rowWidth) / 2 + i * (NODE_W + GAP_X),
        y: MARGIN + layer * (NODE_H + GAP_Y),
      })
    })
  })
  const height = MARGIN * 2 + rows.length * NODE_H + Math.max(0, rows.length - 1) * GAP_Y
  return { kind: kind.code, name: kind.name, nodes, edges: edges.filter((e) => byCode.has(e.from)), width, height }
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export type FlowLabels = { title: string; description: string; repeatable: string; statute: string }

/**
 * The graph as a standalone SVG (scales to its container; text as text, for screen readers
 * and search). An arrow between neighbouring layers is a curve; one that skips layers runs
 * down a lane of its own to the right of the boxes, so it never crosses one.
 */
export function flowSvg(graph: FlowGraph, labels: FlowLabels): string {
  const at = new Map(graph.nodes.map((n) => [n.code, n]))
  const long = graph.edges.filter((e) => at.get(e.to)!.layer - at.get(e.from)!.layer > 1)
  const laneX = (i: number) => graph.width - MARGIN + LANE_GAP * (i + 1)
  const width = graph.width + (long.length ? LANE_GAP * long.length : 0)
  const edges = graph.edges.map((e) => {
    const a = at.get(e.from)!
    const b = at.get(e.to)!
    const lane = long.indexOf(e)
    let d: string
    if (lane >= 0) {
      const x = laneX(lane)
      const x1 = a.x + NODE_W / 2
      const y1 = a.y + NODE_H + GAP_Y / 2 - 6 - 3 * lane
      const y2 = b.y + NODE_H / 2
      d = `M${x1},${a.y + NODE_H} L${x1},${y1} L${x},${y1} L${x},${y2} L${b.x + NODE_W + 2},${y2}`
    } else {
      const x1 = a.x + NODE_W / 2
      const y1 = a.y + NODE_H
      const x2 = b.x + NODE_W / 2
      const y2 = b.y - 2
      const bend = GAP_Y / 2
      d = `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`
    }
    const dash = e.kind === 'conditional' ? ' stroke-dasharray="5 4"' : ''
    return `<path class="edge ${e.kind}" d="${d}" fill="none" stroke="#5b6b7b" stroke-width="1.4"${dash} marker-end="url(#arrow)"><title>${escapeXml(`${e.from} → ${e.to}`)}</title></path>`
  })
  const nodes = graph.nodes.map((n) => {
    const stroke = n.ends ? ' stroke-width="2.6"' : ' stroke-width="1.4"'
    const dash = n.optional ? ' stroke-dasharray="5 4"' : ''
    const fill = n.ends ? '#eef3f8' : '#ffffff'
    const label = n.repeatable ? `${n.code} ↻` : n.code
    const tip = [n.stage, n.statute ? `${labels.statute}：${n.statute}` : null, n.repeatable ? labels.repeatable : null].filter(Boolean).join('；')
    return `<g class="node" data-code="${escapeXml(n.code)}"><title>${escapeXml(tip)}</title><rect x="${n.x}" y="${n.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${fill}" stroke="#1f3a5f"${stroke}${dash}/><text x="${n.x + NODE_W / 2}" y="${n.y + NODE_H / 2 + 5}" text-anchor="middle" font-size="15" fill="#14202b">${escapeXml(label)}</text></g>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${graph.height}" width="${width}" height="${graph.height}" role="img" aria-labelledby="flow-title flow-desc" font-family="'Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif">
<title id="flow-title">${escapeXml(labels.title)}</title>
<desc id="flow-desc">${escapeXml(labels.description)}</desc>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6b7b"/></marker></defs>
${edges.join('\n')}
${nodes.join('\n')}
</svg>`
}
