import path from 'node:path'

/** Every setting comes from the environment; README lists each one. */
export type Config = {
  port: number
  host: string
  dataDir: string
  /** PostgreSQL server for the app; absent means the embedded PGlite database. */
  databaseUrl: string | undefined
  /**
   * N-02: a PostgreSQL server (a streaming replica, or a role that may only read) for the
   * read-only public queries; defaults to databaseUrl. Ignored on the embedded database.
   */
  databaseReadUrl: string | undefined
  /** Connection used to run migrations (owner role); defaults to databaseUrl. */
  databaseMigrationUrl: string | undefined
  /** Public base URL, used in QR codes and printed links. */
  publicUrl: string
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean
  logLevel: string
  sessionHours: number
  /** Demo data on first start of an empty database. */
  seedDemo: boolean
  /** R-07: where blobs (attachments, media, case-file exports) are kept. */
  blobStore: 'local' | 's3'
  s3: {
    endpoint: string | undefined
    bucket: string
    region: string
    accessKeyId: string | undefined
    secretAccessKey: string | undefined
    forcePathStyle: boolean
  }
  /** R-08: the Merkle log (src/platform/ledger): origin line, hash, signing key (PEM or base64 of it). */
  log: { origin: string; hash: 'sm3' | 'sha256'; algorithm: 'sm2' | 'ed25519'; key: string | undefined; witnessName: string; witnessLogs: string | undefined }
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase())
}

function blobStoreKind(value: string | undefined): 'local' | 's3' {
  if (value === undefined || value === '' || value === 'local') return 'local'
  if (value === 's3') return 's3'
  throw new Error(`ZHIFA_BLOB_STORE must be local or s3, not ${value}`)
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080)
  const host = env.HOST ?? '0.0.0.0'
  const databaseUrl = env.DATABASE_URL || undefined
  return {
    port,
    host,
    dataDir: path.resolve(env.ZHIFA_DATA_DIR ?? './data'),
    databaseUrl,
    databaseReadUrl: databaseUrl ? env.DATABASE_READ_URL || databaseUrl : undefined,
    databaseMigrationUrl: env.DATABASE_MIGRATION_URL || databaseUrl,
    publicUrl: (env.ZHIFA_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    secureCookies: bool(env.ZHIFA_SECURE_COOKIES, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionHours: Number(env.ZHIFA_SESSION_HOURS ?? 12),
    seedDemo: bool(env.ZHIFA_SEED_DEMO, !databaseUrl),
    blobStore: blobStoreKind(env.ZHIFA_BLOB_STORE),
    s3: {
      endpoint: env.ZHIFA_S3_ENDPOINT || undefined,
      bucket: env.ZHIFA_S3_BUCKET ?? '',
      region: env.ZHIFA_S3_REGION || 'us-east-1',
      accessKeyId: env.ZHIFA_S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.ZHIFA_S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: bool(env.ZHIFA_S3_FORCE_PATH_STYLE, false),
    },
    log: {
      origin: env.ZHIFA_LOG_ORIGIN || `${new URL(env.ZHIFA_PUBLIC_URL ?? `http://localhost:${port}`).host}/zhifa-log`,
      hash: env.ZHIFA_LOG_HASH === 'sha256' ? 'sha256' : 'sm3',
      algorithm: env.ZHIFA_LOG_ALGORITHM === 'ed25519' ? 'ed25519' : 'sm2',
      key: env.ZHIFA_LOG_KEY || undefined,
      witnessName: env.ZHIFA_WITNESS_NAME || `${new URL(env.ZHIFA_PUBLIC_URL ?? `http://localhost:${port}`).host}/witness`,
      witnessLogs: env.ZHIFA_WITNESS_LOGS || undefined,
    },
  }
}
