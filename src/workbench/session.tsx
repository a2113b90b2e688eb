import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Role } from '../platform/access/roles.ts'
import { api, setCsrfToken, setUnauthenticatedHandler } from './api.ts'

export type Me = {
  id: string
  username: string
  displayName: string
  roles: Role[]
  roleLabels: string[]
  orgId: string
  scopeOrgId: string
  personId: string | null
  locale: 'zh-CN' | 'en'
  csrfToken: string
}

type SessionState = {
  /** undefined while the first /api/auth/me is under way, null when signed out */
  me: Me | null | undefined
  login(username: string, password: string): Promise<void>
  logout(): Promise<void>
}

const SessionContext = createContext<SessionState | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined)
  const signedIn = useCallback((user: Me | null) => {
    setCsrfToken(user?.csrfToken ?? null)
    setMe(user)
  }, [])
  useEffect(() => {
    setUnauthenticatedHandler(() => signedIn(null))
    // not signed in, or the server unreachable: either way the login page is the way on
    api<Me>('GET', '/api/auth/me').then(signedIn, () => signedIn(null))
  }, [signedIn])
  const login = useCallback(async (username: string, password: string) => signedIn(await api<Me>('POST', '/api/auth/login', { username, password })), [signedIn])
  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout')
    } finally {
      signedIn(null)
    }
  }, [signedIn])
  const value = useMemo(() => ({ me, login, logout }), [me, login, logout])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionState {
  const state = useContext(SessionContext)
  if (!state) throw new Error('useSession outside SessionProvider')
  return state
}

/** The signed-in user; only for components rendered inside the shell. */
export function useMe(): Me {
  const { me } = useSession()
  if (!me) throw new Error('useMe without a session')
  return me
}
