// Request and response shapes of people, certificates and reviewers (F-02, F-03).
import { z } from 'zod'
import { CERTIFICATE_STATUSES, PERSON_KINDS, PERSON_STATUSES, idNumberValid, photoProblem } from './rules.ts'

const text = (min: number, max: number) => z.string().trim().min(min).max(max)
const day = z.iso.date()
const labels = z.array(text(1, 50)).max(50)

const PersonFields = {
  unitId: z.uuid().nullable().optional(),
  kind: z.enum(PERSON_KINDS),
  name: text(2, 30),
  gender: z.enum(['男', '女']).nullable().optional(),
  idNumber: z.string().refine(idNumberValid, '身份证号码格式或校验位不正确').nullable().optional(),
  phone: z.string().regex(/^[0-9+-]{7,20}$/).nullable().optional(),
  post: text(1, 50),
  // ≈ 200 kB of image as base64 plus the data URL prefix; the bytes are checked by photoProblem
  photo: z
    .string()
    .max(280_000)
    .superRefine((value, ctx) => {
      const problem = photoProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    .nullable()
    .optional(),
  categories: labels.optional(),
  areas: labels.optional(),
  legalQualification: z.boolean().optional(),
  legalQualificationNo: text(1, 50).nullable().optional(),
  trainingHours: z.number().min(0).max(99_999).optional(),
  status: z.enum(PERSON_STATUSES).optional(),
}

export const CreatePerson = z.strictObject({ agencyId: z.uuid(), ...PersonFields })
export type CreatePerson = z.infer<typeof CreatePerson>

export const UpdatePerson = z
  .strictObject({
    ...z.object({ agencyId: z.uuid(), ...PersonFields }).partial().shape,
    expectedVersion: z.number().int().min(1).optional(),
    reason: text(2, 500),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'reason' && k !== 'expectedVersion'), '没有需要保存的修改')
export type UpdatePerson = z.infer<typeof UpdatePerson>

export const IssueCertificate = z.strictObject({
  certNo: z.string().regex(/^[A-Za-z0-9-]{6,30}$/),
  issuingAuthority: text(2, 100),
  categories: labels.min(1),
  areas: labels.min(1),
  validFrom: day,
  /** Defaults to the end of a full five-year term. */
  validTo: day.optional(),
})
export type IssueCertificate = z.infer<typeof IssueCertificate>

export const ReissueCertificate = z.strictObject({
  certNo: z.string().regex(/^[A-Za-z0-9-]{6,30}$/),
  issuingAuthority: text(2, 100).optional(),
  categories: labels.min(1).optional(),
  areas: labels.min(1).optional(),
  validFrom: day,
  validTo: day.optional(),
})
export type ReissueCertificate = z.infer<typeof ReissueCertificate>

export const ChangeCertificateStatus = z.strictObject({ status: z.enum(['暂扣', '注销', '有效']), reason: text(2, 500) })
export type ChangeCertificateStatus = z.infer<typeof ChangeCertificateStatus>

export const RecordAnnualCheck = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  passed: z.boolean(),
  checkedOn: day,
  note: text(0, 1000).nullable().optional(),
})
export type RecordAnnualCheck = z.infer<typeof RecordAnnualCheck>

export const AppointReviewer = z.strictObject({
  personId: z.uuid(),
  sharedPool: z.boolean().default(false),
  appointedOn: day,
  firstTime: z.boolean(),
})
export type AppointReviewer = z.infer<typeof AppointReviewer>

export const CheckActingOfficers = z.strictObject({ personIds: z.array(z.uuid()).min(1).max(20), date: day.optional() })

const personBase = {
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  agencyCode: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  kind: z.enum(PERSON_KINDS),
  name: z.string(),
  gender: z.enum(['男', '女']).nullable(),
  post: z.string(),
  categories: z.array(z.string()),
  areas: z.array(z.string()),
  legalQualification: z.boolean(),
  legalQualificationNo: z.string().nullable(),
  trainingHours: z.number(),
  status: z.enum(PERSON_STATUSES),
  version: z.number(),
  updatedAt: z.string(),
}

export const PersonListItem = z.object({
  ...personBase,
  certNo: z.string().nullable(),
  certStatus: z.enum(CERTIFICATE_STATUSES).nullable(),
  certValidTo: z.string().nullable(),
})

export const CertificateOut = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  certNo: z.string(),
  issuingAuthority: z.string(),
  categories: z.array(z.string()),
  areas: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  /** The deliberate status as stored (有效/暂扣/注销). */
  storedStatus: z.enum(['有效', '暂扣', '注销']),
  /** The status today, dates included (有效/暂扣/注销/过期/未生效). */
  status: z.enum(CERTIFICATE_STATUSES),
  statusReason: z.string().nullable(),
  replacesId: z.string().nullable(),
  version: z.number(),
  issuedAt: z.string(),
})

export const AnnualCheckOut = z.object({
  id: z.number(),
  year: z.number(),
  passed: z.boolean(),
  checkedOn: z.string(),
  note: z.string().nullable(),
  checkedBy: z.string().nullable(),
})

export const ReviewerOut = z.object({
  personId: z.string(),
  name: z.string(),
  kind: z.enum(PERSON_KINDS),
  personStatus: z.enum(PERSON_STATUSES),
  agencyId: z.string(),
  agencyName: z.string(),
  sharedPool: z.boolean(),
  appointedOn: z.string(),
  firstTime: z.boolean(),
  active: z.boolean(),
  legalQualification: z.boolean(),
  legalQualificationNo: z.string().nullable(),
  version: z.number(),
})

export const PersonDetail = z.object({
  ...personBase,
  photo: z.string().nullable(),
  createdAt: z.string(),
  /** Only for an administrator or a head of the person's agency; the read is audited (F-06). */
  idNumber: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  protectedVisible: z.boolean(),
  certificates: z.array(CertificateOut),
  reviewer: ReviewerOut.nullable(),
})

export const StaffingItem = z.object({
  agencyId: z.string(),
  name: z.string(),
  officers: z.number(),
  reviewers: z.number(),
  required: z.number(),
  ratio: z.number(),
  ok: z.boolean(),
})
