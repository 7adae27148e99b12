/**
 * Tiny DOM helpers. Every piece of text goes in through textContent (or a text node):
 * nothing here ever sets innerHTML, so no user text can become markup.
 */

/**
 * Creates an element. `props`: `class`, `text`, `attrs` (an object of attributes),
 * `on` (an object of event listeners), `dataset`, and any other DOM property (`type`, `value`,
 * `disabled`, `hidden`…). Children are nodes or strings (as text nodes); null is skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "attrs") for (const [name, v] of Object.entries(value)) { if (v != null && v !== false) el.setAttribute(name, v === true ? "" : String(v)); }
    else if (key === "on") for (const [name, fn] of Object.entries(value)) el.addEventListener(name, fn);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el[key] = value;
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    parent.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return parent;
}

/** Replaces all children of `el`. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Replaces every child of `el` but `kept` (a form being typed into), which stays, after the
 * new children: removing a focused element would blur it and lose the reader's place.
 */
export function replaceChildrenKeeping(el, kept, ...children) {
  for (const node of [...el.childNodes]) if (node !== kept) node.remove();
  const fragment = append(document.createDocumentFragment(), children);
  if (kept) {
    el.insertBefore(fragment, el.firstChild);
    if (kept.parentNode !== el) el.append(kept);
  } else {
    el.append(fragment);
  }
  return el;
}

/**
 * Keeps `parent`'s children in step with `items`, keyed by `keyOf`: a node is created once
 * per key and updated in place after, so focus, open <details> and typed input survive
 * re-rendering. `parent` must hold only children managed here.
 */
export function syncChildren(parent, items, keyOf, create, update = () => {}) {
  const nodes = parent.__keyed ?? (parent.__keyed = new Map());
  const seen = new Set();
  let cursor = parent.firstChild;
  for (const item of items) {
    const key = keyOf(item);
    seen.add(key);
    let node = nodes.get(key);
    if (!node) {
      node = create(item);
      nodes.set(key, node);
    }
    update(node, item);
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  for (const [key, node] of nodes) {
    if (!seen.has(key)) {
      node.remove();
      nodes.delete(key);
    }
  }
}

/** Runs `fn` once per animation frame at most, however often it is asked for. */
export function coalesce(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

/** A form sends on submit and on Ctrl+Enter (⌘+Enter) in its text field. */
export function bindSend(form, text, submit) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  });
}
