// Reads a citation file with real third-party parsers and prints what they
// understood, as JSON, for the Go tests to check:
//
//   node parse.js bibtex|ris|csl FILE
//
// {"items": CSL-JSON as citation-js read the file,
//  "apa":   citation-js's APA bibliography of those items (text),
//  "citeproc": for csl only, citeproc-js's APA bibliography of the file's
//              items exactly as written (no citation-js normalising)}
'use strict'
const fs = require('fs')
const { Cite, plugins } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')
const CSL = require('citeproc')

const [kind, file] = process.argv.slice(2)
const forceType = { bibtex: '@bibtex/text', ris: '@ris/file', csl: '@csl/list+object' }[kind]
if (!forceType || !file) {
  console.error('usage: node parse.js bibtex|ris|csl FILE')
  process.exit(2)
}
let input = fs.readFileSync(file, 'utf8')
if (kind === 'csl') input = JSON.parse(input)

const cite = new Cite(input, { forceType, strict: true })
const out = {
  items: cite.data.map(({ _graph, ...item }) => item),
  apa: cite.format('bibliography', { template: 'apa', lang: 'en-US', format: 'text' })
}

if (kind === 'csl') {
  // citeproc-js needs the style and locale XML: take the APA style and the
  // en-US locale that @citation-js/plugin-csl ships.
  const config = plugins.config.get('@csl')
  const byId = Object.fromEntries(input.map(item => [item.id, item]))
  const engine = new CSL.Engine({
    retrieveLocale: lang => config.locales.get(lang) || config.locales.get('en-US'),
    retrieveItem: id => byId[id]
  }, config.styles.get('apa'), 'en-US')
  engine.setOutputFormat('text')
  engine.updateItems(Object.keys(byId))
  const [meta, entries] = engine.makeBibliography()
  if (meta.bibliography_errors && meta.bibliography_errors.length) {
    console.error(JSON.stringify(meta.bibliography_errors))
    process.exit(1)
  }
  out.citeproc = entries.join('')
}
process.stdout.write(JSON.stringify(out))
