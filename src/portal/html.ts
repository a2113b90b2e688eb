/**
 * Server-side HTML without a template engine: the `html` tag escapes every interpolated
 * value unless it is already Html (the result of another `html` call or of `raw`), so a
 * name like `<script>` in the database prints as text.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[]

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

function render(value: Renderable): string {
  if (value instanceof Html) return value.value
  if (value === null || value === undefined || value === false || value === true) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!
  })
  return new Html(out)
}

/** Marks trusted markup (never user or database text) as safe to insert unescaped. */
export function raw(markup: string): Html {
  return new Html(markup)
}
