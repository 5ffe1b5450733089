/** Markdown pieces shared by render-endpoints.mjs and render-endpoints-v3.mjs. */

/** Escapes text for a Markdown table cell. */
export function cell(text) {
  return String(text)
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\n', ' ');
}

/** The anchor GitHub gives a heading that is one identifier. */
export function anchor(id) {
  return id.toLowerCase();
}

export function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}
