import { withDatabase } from './database.ts'
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { badRequest } from '../platform/http/errors.ts'
import type { Due } from '../platform/calendar/calendar.ts'
import { builtinCalendar, parseNoticeJson } from '../platform/calendar/notices.ts'
import { computeDue, enterNotice } from '../platform/calendar/calendar-service.ts'
import { findOrg } from '../platform/calendar/store.ts'

export const help = `zhifa calendar <子命令>    工作日历（F-04）

  zhifa calendar due <YYYY-MM-DD> <天数> --working|--calendar [--org <组织代码>] [--db]
    计算期限届满日，起算日不计入。--working：工作日期限（处罚法85、许可法82、强制法69），
    跳过周末和法定节假日，调休上班日计入；--calendar：自然日期限，届满日为法定休假日的
    顺延至其后第一个工作日（民诉法85）。
    第一行输出届满日 YYYY-MM-DD；第二行输出 confirmed（已确认），或 unconfirmed: …
    （所涉年份尚无国务院办公厅放假通知，按《全国年节及纪念日放假办法》推算）；第三行为计算依据。
    不带 --org 时只用系统内置的 2019—2026 年放假通知，不启动数据库；
    --org 按该组织计算（含其所在地区的地区性假日），--db 另读取数据库中录入的放假通知。
    使用数据库时会记录该期限所依据的年份，此后这些年份的放假安排不得更改。

  zhifa calendar import <通知文件> [--region <组织代码>] [--number <文号>] [--title <标题>]
    录入一年的国务院办公厅放假通知（或 --region 指定组织辖区内的地区性假日）。
    文件格式：holiday-cn 的 JSON（{ year, papers, days: [{ name, date, isOffDay }] }），
    或本系统格式（{ year, number, title, offDays: [{ date, name }], workDays: [{ date, name }] }）。
    先执行数据库迁移；数据库的选择与 zhifa migrate 相同（DATABASE_URL 或内嵌数据库）。
    内置年份（2019—2026）不能替换；已有期限按某年通知计算后，该年通知不能再替换。`

export async function run(args: string[]): Promise<void> {
  const [sub, ...rest] = args
  if (sub === 'due') return due(rest)
  if (sub === 'import') return importNotice(rest)
  throw badRequest('USAGE', `未知的子命令：${sub ?? '（无）'}。用 zhifa calendar --help 查看说明`)
}

async function due(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { working: { type: 'boolean' }, calendar: { type: 'boolean' }, org: { type: 'string' }, db: { type: 'boolean' } },
  })
  const [from, count] = positionals
  if (!from || !count || positionals.length !== 2 || values.working === values.calendar) {
    throw badRequest('USAGE', '用法：zhifa calendar due <YYYY-MM-DD> <天数> --working|--calendar [--org <组织代码>] [--db]')
  }
  if (!/^\d+$/.test(count)) throw badRequest('USAGE', `天数应为正整数：${count}`)
  const n = Number(count)
  const mode = values.working ? 'working' : 'calendar'
  let result: Due
  if (!values.org && !values.db) {
    const calendar = builtinCalendar()
    result = mode === 'working' ? calendar.addWorkingDays(from, n) : calendar.addCalendarDays(from, n)
  } else {
    result = await withDatabase(async (db) => {
      const org = values.org ? await findOrg(db, { code: values.org }) : null
      if (values.org && !org) throw badRequest('UNKNOWN_ORG', `组织代码不存在：${values.org}`)
      return computeDue(db, { from, n, mode, orgId: org?.id ?? null })
    })
  }
  const years = result.unconfirmedYears
  console.log(result.due)
  console.log(result.confirmed ? 'confirmed' : `unconfirmed: ${years.join(', ')} ${years.length > 1 ? 'have' : 'has'} no State Council notice yet`)
  console.log(result.basis)
}

async function importNotice(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { region: { type: 'string' }, number: { type: 'string' }, title: { type: 'string' } },
  })
  const [file] = positionals
  if (!file || positionals.length !== 1) throw badRequest('USAGE', '用法：zhifa calendar import <通知文件> [--region <组织代码>] [--number <文号>] [--title <标题>]')
  let json: unknown
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw badRequest('BAD_NOTICE_FILE', `无法读取通知文件 ${file}：${(error as Error).message}`)
  }
  const notice = parseNoticeJson(json)
  const entered = await withDatabase(async (db) => {
    const region = values.region ? await findOrg(db, { code: values.region }) : null
    if (values.region && !region) throw badRequest('UNKNOWN_ORG', `组织代码不存在：${values.region}`)
    return enterNotice(
      db,
      { ...notice, number: values.number ?? notice.number, title: values.title ?? notice.title, regionOrgId: region?.id ?? null },
      { user: null, via: 'cli' },
    )
  })
  const off = entered.days.filter((d) => d.off).length
  console.log(
    `已录入 ${entered.year} 年${entered.regionName ? `${entered.regionName}地区性假日` : '放假通知'}（${entered.number ?? entered.title}）：` +
      `${off} 个放假日，${entered.days.length - off} 个调休上班日`,
  )
}

