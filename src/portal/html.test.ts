import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { escapeHtml, html, raw } from './html.ts'

test('N-06: interpolated text is escaped, so stored text can never become markup', () => {
  assert.equal(html`<p>${'<script>alert("x")</script>'}</p>`.value, '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>')
  assert.equal(html`<a title="${`" onmouseover='x'`}">`.value, '<a title="&quot; onmouseover=&#39;x&#39;">')
  fc.assert(
    fc.property(fc.string(), (text) => {
      const out = html`<p>${text}</p>`.value.slice(3, -4)
      return !/[<>"']/.test(out) && out.replace(/&(lt|gt|quot|#39|amp);/g, '') === text.replace(/[&<>"']/g, '')
    }),
  )
})

test('nested templates and raw markup are inserted as they are; arrays are joined; empty values vanish', () => {
  const items = ['a<b', 'c']
  assert.equal(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value, '<ul><li>a&lt;b</li><li>c</li></ul>')
  assert.equal(html`${raw('<br>')}${null}${undefined}${false}${0}`.value, '<br>0')
  assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;')
})
