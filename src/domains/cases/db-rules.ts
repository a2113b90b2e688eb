import { ruleViolation } from '../../platform/http/errors.ts'

/**
 * the case_action trigger raises check_violation with the rule's stable code in
 * HINT; this turns it into a 422 with that code and the trigger's Chinese message.
 */
export async function withCaseRules<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    const e = error as { code?: string; hint?: string; message?: string }
    if (e.code === '23514' && e.hint && /^[A-Z_]+$/.test(e.hint)) throw ruleViolation(e.hint, e.message ?? '违反办案规则')
    throw error
  }
}
