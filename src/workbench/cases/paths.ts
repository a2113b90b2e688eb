// The case routes the workbench calls beyond /api/cases, in one place, so a change of an
// API path is one edit.
import { query } from '../api.ts'

/** an attachment as the attachment routes answer it. */
export type Attachment = {
  id: string
  caseId: string
  actionId: string | null
  stage: string | null
  sha256: string
  sm3: string
  size: number
  mediaType: string
  fileName: string | null
  description: string | null
  capturedAt: string | null
  location: string | null
  secrecy: string | null
  uploaderName: string
  uploadedAt: string
  /** why the user may not open it, when so */
  withheld?: string | null
}

export const attachmentsPath = (caseId: string, params: Record<string, string | undefined> = {}) => `/api/cases/${caseId}/attachments${query(params)}`
export const attachmentContentPath = (id: string) => `/api/attachments/${id}/content`
export const approvalRequestPath = (caseId: string) => `/api/cases/${caseId}/approvals`
export const caseDeadlinesPath = (caseId: string) => `/api/cases/${caseId}/deadlines`
export const caseDocumentsPath = (caseId: string) => `/api/cases/${caseId}/documents`
export const caseFilePath = (caseId: string) => `/api/cases/${caseId}/case-file`
export const caseFileDownloadPath = (caseId: string, exportId: string, format: 'pdf' | 'zip') => `/api/cases/${caseId}/case-file/${exportId}/${format}`
