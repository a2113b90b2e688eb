import { html, type Html } from '../html.ts'
import { layout, type Page } from '../layout.ts'

/** A whole page for a portal error; the status code goes on the reply. */
export function errorPage(page: Page, input: { title: string; text: string }): Html {
  const main = html`<h1>${input.title}</h1>
<p>${input.text}</p>
<p><a href="/">${page.t.backHome}</a></p>`
  return layout(page, { title: input.title, main })
}
