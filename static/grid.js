// grid.js - the fast-entry grid of the full method (templates/risks/grid.html).
//
// A changed cell saves its row at once: the row's five factors go as JSON
// to /o/:org/risks/:id (the same route as the risk page's form), and the
// answer's value and level replace the row's; on 422 the translated
// error appears under the cell. Keyboard: up and down go to the same
// column in the row above or below, Enter saves and goes down, left and
// right leave an input when the caret is at its edge. The focused cell
// and the scroll position are kept per address (filters and page are in
// the address) in sessionStorage, so coming back from a risk's page finds
// the grid as it was left. In the form for a new risk, the vulnerabilities
// are narrowed to those that fit the chosen asset's type.
//
// Without this script the grid shows everything and each row's link leads
// to the risk's page, whose form does the same.
(function () {
  'use strict';

  const table = document.getElementById('risk-grid');
  const positionKey = 'ravelin-grid:' + location.pathname + location.search;

  function csrfToken() {
    const field = document.querySelector('input[name="csrf"]');
    return field ? field.value : '';
  }

  function inputsOf(row) {
    return Array.from(row.querySelectorAll('input[data-field]'));
  }

  function rowValues(row) {
    const values = {};
    for (const input of inputsOf(row)) values[input.dataset.field] = input.value.trim();
    return values;
  }

  function announce(text) {
    const status = document.getElementById('grid-status');
    if (status) status.textContent = text;
  }

  // ---- errors under cells ----

  function clearErrors(row) {
    for (const input of inputsOf(row)) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    for (const p of row.querySelectorAll('.field-error')) p.remove();
  }

  function showError(input, message) {
    const p = document.createElement('p');
    p.className = 'field-error';
    p.id = input.id + '-error';
    p.textContent = message;
    input.parentNode.appendChild(p);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', p.id);
  }

  // A message for the whole row (no field named): under its first input.
  function showRowError(row, message) {
    const first = inputsOf(row).find((i) => !i.disabled) || inputsOf(row)[0];
    if (first) showError(first, message);
    announce(message);
  }

  // ---- saving a row ----

  function showComputed(row, data) {
    const id = row.id.replace('risk-', '');
    const value = document.getElementById('value-' + id);
    const level = document.getElementById('level-' + id);
    if (value) value.textContent = data.value_text;
    if (level) {
      const badge = document.createElement('span');
      badge.className = 'badge level-' + data.level;
      badge.textContent = data.level_label;
      level.replaceChildren(badge);
    }
  }

  async function send(row, values) {
    let res;
    let data = null;
    try {
      res = await fetch(row.dataset.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json',
                   'X-CSRF-Token': csrfToken() },
        body: JSON.stringify(values),
      });
      data = await res.json();
    } catch (e) {
      clearErrors(row);
      showRowError(row, table.dataset.failed);
      row.dataset.sent = '';   // try again on the next change
      return;
    }
    clearErrors(row);
    if (res.ok) {
      showComputed(row, data);
      announce(table.dataset.saved);
      return;
    }
    row.dataset.sent = '';
    const errors = (data && data.form && data.form.errors) || {};
    let shown = false;
    for (const input of inputsOf(row)) {
      if (errors[input.dataset.field]) {
        showError(input, errors[input.dataset.field]);
        shown = true;
      }
    }
    if (!shown) showRowError(row, (data && data.error) || table.dataset.failed);
    else announce(Object.values(errors).join(' '));
  }

  // Saves the row unless its values are those last sent; one request at
  // a time per row, in order, so the last answer is the last change's.
  function save(row) {
    const values = rowValues(row);
    const text = JSON.stringify(values);
    if (row.dataset.sent === text) return;
    row.dataset.sent = text;
    row.pending = (row.pending || Promise.resolve()).then(() => send(row, values));
  }

  // ---- moving between cells ----

  function rowsOf() {
    return Array.from(table.tBodies[0].rows);
  }

  // The enabled input of this field in the nearest row above (step -1) or
  // below (step 1), or null.
  function vertical(input, step) {
    const rows = rowsOf();
    const field = input.dataset.field;
    for (let i = rows.indexOf(input.closest('tr')) + step; i >= 0 && i < rows.length; i += step) {
      const target = rows[i].querySelector('input[data-field="' + field + '"]');
      if (target && !target.disabled) return target;
    }
    return null;
  }

  function horizontal(input, step) {
    const inputs = inputsOf(input.closest('tr')).filter((i) => !i.disabled);
    return inputs[inputs.indexOf(input) + step] || null;
  }

  function moveTo(target) {
    if (!target) return false;
    target.focus();
    target.select();
    return true;
  }

  function onKey(event) {
    const input = event.target;
    if (!input.matches || !input.matches('input[data-field]')) return;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length &&
                  input.selectionEnd === input.value.length;
    let target = null;
    switch (event.key) {
    case 'ArrowUp': target = vertical(input, -1); break;
    case 'ArrowDown': target = vertical(input, 1); break;
    case 'Enter':
      save(input.closest('tr'));
      target = vertical(input, 1);
      event.preventDefault();
      break;
    case 'ArrowLeft': if (atStart) target = horizontal(input, -1); break;
    case 'ArrowRight': if (atEnd) target = horizontal(input, 1); break;
    default: return;
    }
    if (moveTo(target) || event.key === 'ArrowUp' || event.key === 'ArrowDown')
      event.preventDefault();
  }

  // ---- keeping the place ----

  // The last cell with the focus: following a row's link moves the focus
  // to the link, and the cell is what to come back to.
  let lastCell = '';

  function remember() {
    const focused = document.activeElement;
    if (focused && focused.dataset && focused.dataset.field) lastCell = focused.id;
    const place = { scroll: window.scrollY, focus: lastCell };
    try { sessionStorage.setItem(positionKey, JSON.stringify(place)); } catch (e) { /* full or off */ }
  }

  function restore() {
    let place = null;
    try { place = JSON.parse(sessionStorage.getItem(positionKey) || 'null'); } catch (e) { place = null; }
    if (!place) return;
    lastCell = place.focus || '';
    const target = place.focus && document.getElementById(place.focus);
    if (target && !target.disabled) target.focus({ preventScroll: true });
    window.scrollTo(0, place.scroll || 0);
  }

  function setUpGrid() {
    for (const row of rowsOf())
      if (row.dataset.action) row.dataset.sent = JSON.stringify(rowValues(row));
    table.addEventListener('change', (event) => {
      if (event.target.dataset && event.target.dataset.field) save(event.target.closest('tr'));
    });
    table.addEventListener('keydown', onKey);
    table.addEventListener('focusin', remember);
    let timer = 0;
    window.addEventListener('scroll', () => {
      clearTimeout(timer);
      timer = setTimeout(remember, 150);
    }, { passive: true });
    window.addEventListener('pagehide', remember);
    restore();
  }

  // ---- the new risk's vulnerabilities ----

  function setUpNewRisk() {
    const asset = document.getElementById('new-asset');
    const vulnerability = document.getElementById('new-vulnerability');
    if (!asset || !vulnerability) return;
    const narrow = () => {
      const option = asset.selectedOptions[0];
      const type = option ? option.dataset.type : '';
      const fits = (o) => (' ' + o.dataset.types + ' ').includes(' ' + type + ' ');
      const options = Array.from(vulnerability.options).filter((o) => o.value);
      // An organisation's own asset type is in no list: then all are shown.
      const narrowed = type && options.some(fits);
      for (const o of options) {
        o.hidden = narrowed && !fits(o);
        o.disabled = o.hidden;
      }
      const chosen = vulnerability.selectedOptions[0];
      if (chosen && chosen.disabled) vulnerability.value = '';
    };
    asset.addEventListener('change', narrow);
    narrow();
  }

  if (table) setUpGrid();
  setUpNewRisk();
}());
