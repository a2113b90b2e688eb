import { z } from 'zod'

/**
 * The one error type. code is stable and machine-readable; message is Chinese and shown
 * to users; status is the HTTP status the API answers with.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details)
export const unauthorized = (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message)
export const forbidden = (message = '无权执行此操作') => new AppError(403, 'FORBIDDEN', message)
export const notFound = (message = '记录不存在') => new AppError(404, 'NOT_FOUND', message)
export const conflict = (code: string, message: string) => new AppError(409, code, message)
/** A legal rule refuses the request (处罚法42 etc.): the request was well-formed. */
export const ruleViolation = (code: string, message: string, details?: unknown) => new AppError(422, code, message, details)

/** The one error body, for route response schemas. */
export const ErrorBody = z.object({
  code: z.string().describe('稳定的错误代码'),
  message: z.string().describe('中文错误说明'),
  details: z.unknown().optional(),
})
