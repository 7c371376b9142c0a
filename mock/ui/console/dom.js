// Builds DOM from data with text nodes only: every id and name comes from a partner and may be any text
// (`<img src=x onerror=alert(1)>` is a valid user id), so nothing here ever parses HTML.

/** `el("td", { class: "ok" }, "text", child)`: an element with attributes and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces a table body's rows. */
export function fillRows(table, rows, emptyText) {
  const body = table.tBodies[0];
  const columns = table.tHead.rows[0].cells.length;
  body.replaceChildren(...(rows.length > 0 ? rows : [el("tr", {}, el("td", { colspan: columns }, emptyText))]));
}

/** A collapsed block of JSON. */
export function json(summary, value) {
  return el("details", {}, el("summary", {}, summary), el("pre", {}, JSON.stringify(value, null, 2)));
}

export const when = (iso) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "") : "–");
