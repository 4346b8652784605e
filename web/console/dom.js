// Small DOM helpers: elements are built with textContent (never innerHTML), so names and messages from the server
// cannot inject markup; and the few interaction patterns every view shares.

import { toConsoleError } from '/console/api.js';

/** h('button', { type: 'button', onclick }, 'text', child…): attributes starting with "on" become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  let initialValue;
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'value') initialValue = value; // after the children: a <select> needs its options first
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'className') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name in element && typeof value !== 'string') element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }

  append(element, children);
  if (initialValue !== undefined) element.value = String(initialValue);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A table with a header row; `rows` are arrays of cells (strings or nodes). */
export function table(headers, rows, { caption, className = 'grid' } = {}) {
  return h('table', { className },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
}

/** A labelled form field: h('label', …) around the control, with an optional hint. */
export function field(label, control, hint) {
  return h('label', { className: 'field' }, h('span', {}, label), control, hint ? h('small', {}, hint) : null);
}

/** A status line for "Loading…" and empty states, announced to screen readers. */
export function note(text, className = 'note') {
  return h('p', { className, role: 'status' }, text);
}

/** An error shown where the action happened (role=alert so it is announced). */
export function inlineError(error) {
  return h('p', { className: 'error inline', role: 'alert' }, toConsoleError(error).text);
}

/**
 * Runs `action` while `button` shows it is busy (disabled, aria-busy); errors go to `onError`, or are rethrown.
 * Resolves to the action's result, or undefined after an error.
 */
export async function busy(button, action, onError) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = `${label}…`;
  try {
    return await action();
  } catch (error) {
    if (!onError) throw error;
    onError(toConsoleError(error));
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/**
 * A button that asks for a second click before a destructive action: the first click (or Enter/Space) turns it
 * into "Confirm …" for five seconds.
 */
export function confirmButton(label, confirmLabel, action, { className = 'danger', id } = {}) {
  let armed = null;
  const button = h('button', { type: 'button', className, id });
  const disarm = () => {
    clearTimeout(armed);
    armed = null;
    button.textContent = label;
    button.classList.remove('confirming');
  };
  button.textContent = label;
  button.addEventListener('click', async () => {
    if (!armed) {
      button.textContent = confirmLabel;
      button.classList.add('confirming');
      armed = setTimeout(disarm, 5000);
      return;
    }

    disarm();
    await action(button);
  });
  return button;
}

/** Saves text as a file through a temporary object URL (nothing goes to the server). */
export function download(fileName, content, type = 'application/octet-stream') {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A "Copy" button for a value (the clipboard needs a secure context; elsewhere the text is selected instead). */
export function copyButton(getText, label = 'Copy') {
  const button = h('button', { type: 'button', className: 'secondary' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

export const format = {
  time(value) {
    if (value === null || value === undefined || value === '') return '—';
    const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  },
  bytes(value) {
    if (!Number.isFinite(value)) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
  },
  number(value, digits = 1) {
    if (!Number.isFinite(value)) return '—';
    const abs = Math.abs(value);
    if (abs >= 1e9) return `${(value / 1e9).toFixed(digits)} G`;
    if (abs >= 1e6) return `${(value / 1e6).toFixed(digits)} M`;
    if (abs >= 1e4) return `${(value / 1e3).toFixed(digits)} k`;
    return Number.isInteger(value) ? String(value) : value.toFixed(abs < 10 ? 2 : digits);
  },
  seconds(value) {
    if (!Number.isFinite(value)) return '—';
    if (value < 90) return `${Math.round(value)} s`;
    if (value < 5400) return `${Math.round(value / 60)} min`;
    if (value < 172800) return `${Math.round(value / 3600)} h`;
    return `${Math.round(value / 86400)} days`;
  },
};
