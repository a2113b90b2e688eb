// the canonical bytes of a logged record: RFC 8785 (JSON Canonicalization Scheme) of
// {"kind": <table or leaf kind>, "row": <the to_jsonb snapshot>}, so anyone holding the row can
// recompute its leaf hash. Strings and numbers serialise as ECMAScript JSON.stringify does
// (RFC 8785 §3.2.2); object keys sort by UTF-16 code units (§3.2.3).

/** RFC 8785 serialisation of a JSON value. Throws on values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JSON 不能表示非有限数')
      return JSON.stringify(value)
    case 'string':
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
      const keys = Object.keys(value as object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      const parts: string[] = []
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k]
        if (v === undefined) continue
        parts.push(`${JSON.stringify(k)}:${canonicalJson(v)}`)
      }
      return `{${parts.join(',')}}`
    }
    default:
      throw new TypeError(`JSON 不能表示 ${typeof value}`)
  }
}

/** the bytes whose RFC 6962 leaf hash is the record's log entry. */
export function canonicalRecordBytes(tableName: string, jsonbRow: unknown): Buffer {
  return Buffer.from(canonicalJson({ kind: tableName, row: jsonbRow }), 'utf8')
}
