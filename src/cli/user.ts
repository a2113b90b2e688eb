import { withDatabase } from './database.ts'
import readline from 'node:readline'
import { parseArgs } from 'node:util'
import type { Db } from '../platform/db/pool.ts'
import { findOrgByCode } from '../platform/orgs/store.ts'
import { ROLES, ROLE_LABELS, type Role } from '../platform/access/roles.ts'
import { createUser, listUsers } from '../platform/access/users.ts'
import { NewUserBody } from '../platform/access/users.routes.ts'

export const help = `zhifa user add --username <用户名> --name <显示名> --org <组织编码> --roles <角色,角色…> [--scope <组织编码>] [--password <密码>]
  新建用户，规则与管理界面相同；成功后在标准输出打印新用户的 ID。
  --org      用户所在组织的编码；非监督类用户的数据范围自动为其所在执法主体。
  --scope    监督人员、系统管理员的数据范围（组织编码），默认为其所在组织。
  --password 初始密码（至少 10 位，含字母和数字）。不写时读取环境变量 ZHIFA_NEW_PASSWORD，
             再不然在终端中提示输入。命令行中的密码可能被同机用户看到，建议用后两种方式。
  角色：${ROLES.map((role) => `${role}（${ROLE_LABELS[role].zh}）`).join('、')}
zhifa user list [--org <组织编码>]
  列出用户（可只列某组织及其下级的用户）。
  数据库与 zhifa migrate 相同：DATABASE_URL，未设置时为内嵌数据库；执行前先完成迁移。`

const fail = (message: string) => Object.assign(new Error(message), { exitCode: 2 })


async function orgIdByCode(db: Db, code: string, what: string): Promise<string> {
  const org = await findOrgByCode(db, code)
  if (!org) throw fail(`${what}编码不存在：${code}`)
  return org.id
}

/** Reads a password from the terminal without echoing it. */
function promptPassword(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    const output = rl as unknown as { _writeToOutput(s: string): void }
    let muted = false
    output._writeToOutput = (s: string) => {
      if (!muted || s.includes('\n')) process.stderr.write(muted ? '\n' : s)
    }
    rl.question(question, (answer) => {
      rl.close()
      resolve(answer)
    })
    muted = true
  })
}

async function readPassword(given: string | undefined): Promise<string> {
  if (given) return given
  if (process.env.ZHIFA_NEW_PASSWORD) return process.env.ZHIFA_NEW_PASSWORD
  if (!process.stdin.isTTY) throw fail('请用 --password 或环境变量 ZHIFA_NEW_PASSWORD 提供初始密码')
  const first = await promptPassword('初始密码：')
  const second = await promptPassword('再次输入：')
  if (first !== second) throw fail('两次输入的密码不一致')
  return first
}

function parseRoles(list: string): Role[] {
  const roles = list.split(',').map((role) => role.trim()).filter(Boolean)
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role))
  if (unknown.length) throw fail(`未知角色：${unknown.join('、')}；可用角色：${ROLES.join(', ')}`)
  return roles as Role[]
}

async function add(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      roles: { type: 'string' },
      scope: { type: 'string' },
      password: { type: 'string' },
    },
  })
  const missing = (['username', 'name', 'org', 'roles'] as const).filter((key) => !values[key])
  if (missing.length) throw fail(`缺少参数：${missing.map((key) => `--${key}`).join(' ')}（zhifa user --help 查看用法）`)
  const roles = parseRoles(values.roles!)
  const password = await readPassword(values.password)
  // The API's own body schema, so that the command refuses what the API refuses, before a database is opened.
  const parsed = NewUserBody.omit({ orgId: true, scopeOrgId: true }).safeParse({ username: values.username, displayName: values.name, password, roles })
  if (!parsed.success) throw fail(parsed.error.issues.map((issue) => issue.message).join('；'))
  const user = await withDatabase(async (db) =>
    createUser(db, null, {
      ...parsed.data,
      orgId: await orgIdByCode(db, values.org!, '组织'),
      scopeOrgId: values.scope ? await orgIdByCode(db, values.scope, '数据范围组织') : undefined,
    }),
  )
  process.stderr.write(`已创建用户 ${user.username}（${user.displayName}，${user.roles.map((r) => ROLE_LABELS[r].zh).join('、')}，数据范围 ${user.scopeCode}）\n`)
  process.stdout.write(`${user.id}\n`)
}

async function list(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { org: { type: 'string' } } })
  const users = await withDatabase(async (db) => {
    const orgId = values.org ? await orgIdByCode(db, values.org, '组织') : undefined
    return listUsers(db, null, { orgId, limit: 10_000 })
  })
  const now = new Date()
  const lines = users.map((u) =>
    [u.username, u.displayName, u.roles.join(','), u.orgCode, u.scopeCode, !u.active ? '已停用' : u.lockedUntil && u.lockedUntil > now ? '已锁定' : '正常', u.id].join('\t'),
  )
  process.stdout.write(['用户名\t姓名\t角色\t组织\t数据范围\t状态\tID', ...lines].join('\n') + '\n')
}

export async function run(args: string[]): Promise<void> {
  const [sub, ...rest] = args
  if (sub === 'add') return add(rest)
  if (sub === 'list') return list(rest)
  throw fail(`未知子命令：${sub ?? '（无）'}\n\n${help}`)
}
