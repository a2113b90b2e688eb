// P-15: Chinese full-text search, the same on PGlite and PostgreSQL whatever the locale.
// The database is the authority: zh_search_vector() / zh_search_query() in
// migrations/0021_search.sql. This is their TypeScript twin for bulk loading (a generator
// writes the vector beside the text with COPY instead of running the SQL function per row);
// search.test.ts proves both give the same vector.
import { AppError } from '../http/errors.ts'

/** Runs of CJK ideographs (BMP, Extension A, compatibility) and runs of Latin letters and digits. */
const RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g
const MAX_POSITION = 16383

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** The tsvector literal zh_search_vector(doc) builds: bigrams with positions, one position between runs. */
export function searchVectorLiteral(doc: string): string {
  const parts: string[] = []
  const at = (token: string, pos: number) => parts.push(`'${token}':${Math.min(pos, MAX_POSITION)}`)
  let base = 0
  for (const [run] of normalise(doc).matchAll(RUN)) {
    if (/^[0-9a-z]/.test(run) || run.length === 1) at(run, base + 1)
    else {
      for (let i = 1; i < run.length; i++) at(run.slice(i - 1, i + 1), base + i)
      at(run.slice(-1), base + run.length)
    }
    base += run.length + 1
  }
  return parts.join(' ')
}

/** The searchable runs of a query, as zh_search_query() reads them. */
export function searchTerms(query: string): string[] {
  return [...normalise(query).matchAll(RUN)].map(([run]) => run)
}

/**
 * A query the search can answer: at most 100 characters with at least one 汉字, letter or
 * digit (punctuation alone would match everything or nothing). Returns the trimmed query.
 */
export function checkSearchQuery(query: string): string {
  const q = query.trim()
  if (q.length > 100) throw new AppError(400, 'SEARCH_QUERY_TOO_LONG', '检索词不能超过 100 个字符')
  if (searchTerms(q).length === 0) throw new AppError(400, 'SEARCH_QUERY_EMPTY', '请输入要检索的汉字、字母或数字')
  return q
}
