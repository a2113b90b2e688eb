import { useCallback, useEffect, useState } from 'react'

/** The server's error body {code, message}; message is Chinese and meant for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

let csrfToken: string | null = null
let onUnauthenticated: () => void = () => {}

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** The headers a write needs besides its body: the session's CSRF token (F-05). */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {}
}

/** Called when the session has ended on the server (expired, revoked): back to login. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  // F-05: the server refuses cookie-authenticated writes without the session's CSRF token
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let res: Response
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络')
  }
  if (res.status === 204) return undefined as T
  const data: any = await res.json().catch(() => null)
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') onUnauthenticated()
    throw new ApiError(res.status, data?.code ?? `HTTP_${res.status}`, data?.message ?? `请求失败（HTTP ${res.status}）`)
  }
  return data as T
}

/** Query string from the set values only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** List endpoints answer an array, or {items} when paged. */
export function itemsOf<T>(data: T[] | { items: T[] } | null | undefined): T[] {
  if (!data) return []
  return Array.isArray(data) ? data : data.items
}

export type Loaded<T> = { data: T | undefined; error: ApiError | undefined; loading: boolean; reload(): void }

/** GET path whenever it changes; null fetches nothing. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (path === null) return void setState({ loading: false })
    let live = true
    setState((s) => ({ ...s, loading: true }))
    api<T>('GET', path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)), loading: false }),
    )
    return () => {
      live = false
    }
  }, [path, tick])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}
