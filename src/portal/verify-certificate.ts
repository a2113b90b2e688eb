// P-05: one certificate lookup by a member of the public.
import type { Queryable } from '../platform/db/pool.ts'
import { audit } from '../platform/audit/audit.ts'
import { verifyCertNo, type QrSigner } from '../platform/crypto/qr-signing.ts'
import { findPublicCertificate, type PublicCertificate } from '../domains/people/public.ts'
import type { SignatureCheck } from './pages/certificates.ts'

/** The shape of a certificate number (certificate.cert_no CHECK in 0002). */
export const CERT_NO = /^[A-Za-z0-9-]{6,30}$/

/**
 * P-05: looks a certificate up with its status today and checks the QR signature when the
 * visitor came from a QR code (sig present). Every lookup is logged, found or not, with
 * the visitor's address and no actor: the portal has no login. The lookup may read a replica
 * (N-02); the log entry is written to the primary.
 */
export async function verifyCertificate(
  db: { read: Queryable; write: Queryable },
  input: { certNo: string; sig: string | undefined; ip: string; signer: () => Pick<QrSigner, 'publicKey'> },
): Promise<{ cert: PublicCertificate | undefined; signature: SignatureCheck }> {
  const { certNo, sig } = input
  const signature: SignatureCheck = sig === undefined ? 'absent' : verifyCertNo(input.signer(), certNo, sig) ? 'valid' : 'invalid'
  const cert = CERT_NO.test(certNo) ? await findPublicCertificate(db.read, certNo) : undefined
  await audit(db.write, {
    ip: input.ip,
    action: 'certificate.verify',
    entity: 'certificate',
    entityId: certNo,
    detail: { found: Boolean(cert), status: cert?.status ?? null, signature },
  })
  return { cert, signature }
}
