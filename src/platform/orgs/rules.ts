export const ORG_KINDS = ['region', 'agency', 'unit'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

/** Region levels from the top: 省 → 市/州/师 → 县/区 → 乡镇/街道 (§0). */
export const ORG_LEVELS = ['province', 'city', 'county', 'township'] as const
export type OrgLevel = (typeof ORG_LEVELS)[number]

export const KIND_LABELS: Record<OrgKind, string> = { region: '行政区域', agency: '执法主体', unit: '内设机构' }
export const LEVEL_LABELS: Record<OrgLevel, string> = {
  province: '省级',
  city: '市（州、师）级',
  county: '县（区）级',
  township: '乡镇（街道）级',
}

type Placed = { kind: OrgKind; level: OrgLevel }

/**
 * §0 / F-05: the level a new node takes under parent. A region is one level below its
 * parent region; an agency sits at the level of its region; a unit at the level of its
 * agency. undefined when the kind cannot go under parent at all.
 */
export function childLevel(parent: Placed, kind: OrgKind): OrgLevel | undefined {
  if (kind === 'unit') return parent.kind === 'region' ? undefined : parent.level
  if (parent.kind !== 'region') return undefined
  if (kind === 'agency') return parent.level
  return ORG_LEVELS[ORG_LEVELS.indexOf(parent.level) + 1]
}

/** §0 / F-05: why a node of this kind and level cannot go under parent, in Chinese; undefined when it can. */
export function placementProblem(parent: Placed, child: { kind: OrgKind; level?: OrgLevel }): string | undefined {
  const where = `${LEVEL_LABELS[parent.level]}${KIND_LABELS[parent.kind]}`
  if (child.kind === 'unit' && parent.kind === 'region') return `内设机构必须隶属于执法主体或内设机构，不能直接设在${where}下`
  if (child.kind !== 'unit' && parent.kind !== 'region') return `${KIND_LABELS[child.kind]}必须隶属于行政区域，不能设在${where}下`
  const level = childLevel(parent, child.kind)
  if (!level) return `${where}已是最低一级行政区域，其下不能再设行政区域`
  if (child.level && child.level !== level) {
    return `${where}下的${KIND_LABELS[child.kind]}应为${LEVEL_LABELS[level]}，不能是${LEVEL_LABELS[child.level]}`
  }
  return undefined
}

/** Depth of a node from its materialised path '/<id>/…/<id>/': a root has depth 1. */
export const pathDepth = (path: string) => path.split('/').length - 2
