// The case routes the workbench calls beyond /api/cases, in one place, so a change of an
// API path is one edit.
import { query } from '../api.ts'

export type Attachment = {
  id: string
  caseId?: string
  actionId?: string | null
  filename?: string | null
  contentType?: string
  mediaType?: string
  kind?: string
  size?: number
  sha256: string
  createdAt?: string
  recordedAt?: string
}

export const attachmentsPath = (caseId: string, params: Record<string, string | undefined> = {}) => `/api/cases/${caseId}/attachments${query(params)}`
export const attachmentContentPath = (id: string) => `/api/attachments/${id}/content`
export const approvalRequestPath = (caseId: string) => `/api/cases/${caseId}/approvals`
export const caseDeadlinesPath = (caseId: string) => `/api/cases/${caseId}/deadlines`
export const caseDocumentsPath = (caseId: string) => `/api/cases/${caseId}/documents`
export const caseFilePath = (caseId: string) => `/api/cases/${caseId}/case-file`
