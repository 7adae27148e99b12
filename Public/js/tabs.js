/**
 * The room's views as tabs (WAI-ARIA tabs pattern): a `role="tablist"` of `role="tab"`
 * buttons, each `aria-controls` its `role="tabpanel"`. Arrow keys, Home and End move
 * between tabs and show them; only the selected tab is in the Tab order. The choice is
 * remembered on this device. A link to something inside a hidden panel shows that panel.
 */

const STORAGE_KEY = "parley:tab";

/** The index of the tab a key moves to from `index` among `count` (arrows wrap; Home, End), or undefined. */
export function tabKeyTarget(key, index, count) {
  const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: count - 1 }[key];
  return next === undefined ? undefined : (next + count) % count;
}

export function createTabs({ tablist, storage }) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const panelOf = (tab) => document.getElementById(tab.getAttribute("aria-controls"));

  function select(tab, { focus = false } = {}) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      panelOf(other).hidden = !selected;
    }
    if (focus) tab.focus();
    try {
      storage.setItem(STORAGE_KEY, tab.id);
    } catch {
      // Not remembered; the choice still holds for this page.
    }
  }

  tablist.addEventListener("click", (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab);
  });
  tablist.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = tabKeyTarget(event.key, index, tabs.length);
    if (next === undefined) return;
    event.preventDefault();
    select(tabs[next], { focus: true });
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.('a[href^="#"]');
    const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    const panel = target?.closest('[role="tabpanel"]');
    const tab = panel?.hidden && tabs.find((t) => panelOf(t) === panel);
    if (tab) select(tab);
  }, true);

  let remembered = null;
  try {
    remembered = storage.getItem(STORAGE_KEY);
  } catch {
    remembered = null;
  }
  select(tabs.find((tab) => tab.id === remembered) ?? tabs[0]);
}
