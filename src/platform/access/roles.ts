/** The roles of §0 of the catalogue. The public has no account. */
export const ROLES = ['officer', 'auxiliary', 'head', 'reviewer', 'disclosure', 'supervisor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  officer: { zh: '执法人员', en: 'Enforcement officer' },
  auxiliary: { zh: '执法辅助人员', en: 'Auxiliary staff' },
  head: { zh: '机关负责人', en: 'Agency head' },
  reviewer: { zh: '法制审核人员', en: 'Legal reviewer' },
  disclosure: { zh: '公示管理员', en: 'Disclosure officer' },
  supervisor: { zh: '司法行政机关监督人员', en: 'Justice-bureau supervisor' },
  admin: { zh: '系统管理员', en: 'System administrator' },
}

/** Roles whose data scope is the subtree of their scope node rather than their own agency (F-05). */
export const SUPERVISORY_ROLES: readonly Role[] = ['supervisor', 'admin']
