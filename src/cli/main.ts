// The `zhifa` command line. Each command is one module exporting `help` and `run(args)`.
type Command = { help: string; run(args: string[]): Promise<void> }

const commands: Record<string, () => Promise<Command>> = {
  serve: () => import('./serve.ts'),
  migrate: () => import('./migrate.ts'),
  test: () => import('./test.ts'),
  user: () => import('./user.ts'),
  seed: () => import('./seed.ts'),
  calendar: () => import('./calendar.ts'),
  bench: () => import('./bench.ts'),
  ledger: () => import('./ledger.ts'),
  verify: () => import('./verify.ts'),
}

const usage = () =>
  `用法：zhifa <命令> [参数]   (zhifa <命令> --help 查看说明)\n\n命令：\n` +
  Object.keys(commands).map((name) => `  ${name}`).join('\n') +
  '\n'

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = [usage()]
    for (const load of Object.values(commands)) lines.push((await load()).help, '')
    process.stdout.write(lines.join('\n'))
    return name ? 0 : 1
  }
  const load = commands[name]
  if (!load) {
    process.stderr.write(`未知命令：${name}\n\n${usage()}`)
    return 2
  }
  const command = await load()
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.help + '\n')
    return 0
  }
  await command.run(args)
  return 0
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code)
  },
  (error: Error & { exitCode?: number }) => {
    process.stderr.write(`错误：${error.message}\n`)
    process.exit(error.exitCode ?? 1)
  },
)
