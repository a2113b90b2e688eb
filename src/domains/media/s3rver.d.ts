// s3rver (devDependency, the S3 peer of the tests) ships no types: the part the tests use.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net'
  export default class S3rver {
    constructor(options: { port?: number; address?: string; silent?: boolean; directory: string; configureBuckets?: { name: string; configs: unknown[] }[] })
    run(): Promise<AddressInfo>
    close(): Promise<void>
  }
}
