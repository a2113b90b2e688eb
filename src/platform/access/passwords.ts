import argon2 from 'argon2'

/** F-05: argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes). */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS)

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** A password must be 10+ characters with letters and digits. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return '密码至少 10 位'
  if (password.length > 128) return '密码不得超过 128 位'
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字'
  return undefined
}
