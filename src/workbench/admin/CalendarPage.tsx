import { useMemo, useState } from 'react'
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Tooltip, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { api, ApiError, query, useApi } from '../api.ts'
import { formatDate, useLang } from '../i18n.tsx'
import { canWrite } from '../nav.ts'
import { useMe } from '../session.tsx'
import type { CalendarDay, CalendarYear, Due, YearSummary } from '../types.ts'
import { ErrorAlert, PageTitle } from '../ui.tsx'


const OFF_STYLE = { background: '#fff1f0', color: '#cf1322' }
const WORKED_STYLE = { background: '#e6f4ff', color: '#0958d9', fontWeight: 600 }

/** 工作日历 (F-04): the year at a glance, the deadline calculator, and notice entry for admins. */
export default function CalendarPage() {
  const me = useMe()
  const { t } = useLang()
  const [year, setYear] = useState(dayjs().year())
  const years = useApi<YearSummary[]>('/api/calendar/years')
  const calendar = useApi<CalendarYear>(`/api/calendar/${year}`)
  const yearOptions = useMemo(() => {
    const set = new Set([...(years.data ?? []).map((y) => y.year), year, dayjs().year(), dayjs().year() + 1])
    return [...set].sort().map((y) => ({ value: y, label: String(y) }))
  }, [years.data, year])
  return (
    <>
      <PageTitle
        extra={
          <Space>
            <Select value={year} onChange={setYear} options={yearOptions} style={{ width: 110 }} aria-label={t('year')} />
            {calendar.data && (
              <Tooltip title={[calendar.data.number, calendar.data.title].filter(Boolean).join(' ')}>
                <Tag color={calendar.data.confirmed ? 'green' : 'warning'}>{t(calendar.data.confirmed ? 'confirmedYear' : 'provisionalYear')}</Tag>
              </Tooltip>
            )}
          </Space>
        }
      >
        {t('navCalendar')}
      </PageTitle>
      <ErrorAlert error={calendar.error} />
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text type="secondary">{t('legend')}:</Typography.Text>
        <span style={{ ...OFF_STYLE, padding: '0 8px' }}>{t('dayOff')}</span>
        <span style={{ ...WORKED_STYLE, padding: '0 8px' }}>{t('workedWeekend')}</span>
      </Space>
      <Row gutter={[12, 12]}>
        {Array.from({ length: 12 }, (_, month) => (
          <Col key={month} xs={24} sm={12} md={8} xl={6}>
            <MonthGrid year={year} month={month} days={calendar.data?.days ?? []} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <DueCalculator />
        </Col>
        {canWrite(me.roles, 'calendar') && (
          <Col xs={24} lg={14}>
            <NoticeForm year={year} onSaved={() => (calendar.reload(), years.reload())} />
          </Col>
        )}
      </Row>
    </>
  )
}

function MonthGrid({ year, month, days }: { year: number; month: number; days: CalendarDay[] }) {
  const { t } = useLang()
  const special = useMemo(() => new Map(days.map((d) => [formatDate(d.date), d])), [days])
  const first = dayjs(new Date(year, month, 1))
  const lead = (first.day() + 6) % 7 // Monday first
  const cells: (Dayjs | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: first.daysInMonth() }, (_, i) => first.date(i + 1))]
  return (
    <Card size="small" title={t('monthName', { n: month + 1 })} styles={{ body: { padding: 8 } }}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, textAlign: 'center', fontSize: 12 }}>
        {t('weekdays').split(',').map((w) => (
          <div key={w} style={{ color: '#8c8c8c' }}>
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          if (!d) return <div key={`blank${i}`} />
          const entry = special.get(d.format('YYYY-MM-DD'))
          const weekend = d.day() === 0 || d.day() === 6
          const style = entry?.kind === 'holiday' ? OFF_STYLE : entry?.kind === 'workday' ? WORKED_STYLE : weekend ? OFF_STYLE : undefined
          const cell = (
            <div key={d.date()} style={{ ...style, borderRadius: 2, lineHeight: '22px' }} data-date={d.format('YYYY-MM-DD')}>
              {d.date()}
            </div>
          )
          return entry?.name ? (
            <Tooltip key={d.date()} title={entry.name}>
              {cell}
            </Tooltip>
          ) : (
            cell
          )
        })}
      </div>
    </Card>
  )
}

type DueForm = { from: Dayjs; n: number; mode: 'working' | 'calendar' }

function DueCalculator() {
  const { t } = useLang()
  const [result, setResult] = useState<Due>()
  const [error, setError] = useState<string>()
  const compute = async (v: DueForm) => {
    setError(undefined)
    try {
      setResult(await api<Due>('GET', `/api/calendar/due${query({ from: v.from.format('YYYY-MM-DD'), n: v.n, mode: v.mode })}`))
    } catch (e) {
      setResult(undefined)
      setError(e instanceof ApiError ? e.message : String(e))
    }
  }
  return (
    <Card size="small" title={t('dueCalc')}>
      <Form<DueForm> layout="vertical" initialValues={{ from: dayjs(), n: 7, mode: 'working' }} onFinish={compute}>
        <Form.Item name="from" label={t('fromDate')} rules={[{ required: true }]} extra={t('startNotCounted')}>
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="n" label={t('days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Form.Item name="mode" label={t('mode')}>
          <Radio.Group options={[{ value: 'working', label: t('modeWorking') }, { value: 'calendar', label: t('modeCalendar') }]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('compute')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <Alert
          style={{ marginTop: 12 }}
          type={result.confirmed ? 'success' : 'warning'}
          showIcon
          title={`${t('dueDate')}：${formatDate(result.due)}`}
          description={
            <>
              <div>{result.basis}</div>
              {!result.confirmed && <div>{`${t('unconfirmed')}：${result.unconfirmedYears.join('、')}`}</div>}
            </>
          }
        />
      )}
    </Card>
  )
}

type NoticeFormValues = { number?: string; title: string; lines: string }
type NoticeDay = { date: string; off: boolean; name: string }

/** Parses "YYYY-MM-DD 休 春节" / "YYYY-MM-DD 班 春节调休" lines into the days of a notice. */
function parseNotice(text: string, badLine: (n: number) => string): NoticeDay[] {
  const days: NoticeDay[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (!line) return
    const match = /^(\d{4}-\d{2}-\d{2})\s+(休|班)\s*(.{0,30})$/.exec(line)
    if (!match || dayjs(match[1]).format('YYYY-MM-DD') !== match[1]) throw new Error(badLine(i + 1))
    const off = match[2] === '休'
    days.push({ date: match[1]!, off, name: match[3]?.trim() || (off ? '节假日' : '调休上班') })
  })
  return days
}

function NoticeForm({ year, onSaved }: { year: number; onSaved(): void }) {
  const { t } = useLang()
  const [form] = Form.useForm<NoticeFormValues>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const submit = async (v: NoticeFormValues) => {
    setError(undefined)
    setBusy(true)
    try {
      const days = parseNotice(v.lines, (n) => t('noticeBadLine', { n }))
      await api('POST', '/api/calendar/notices', { year, number: v.number || null, title: v.title, days })
      form.resetFields()
      onSaved()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card size="small" title={`${t('noticeImport')} · ${year}`}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="number" label={t('noticeNumber')}>
          <Input maxLength={60} placeholder="国办发明电〔2025〕7号" />
        </Form.Item>
        <Form.Item name="title" label={t('noticeTitle')} rules={[{ required: true, whitespace: true, min: 2, message: t('required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="lines" label={t('noticeDays')} extra={t('noticeDaysHelp')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={6} placeholder={`${year}-01-01 休 元旦\n${year}-10-11 班 国庆调休`} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}
