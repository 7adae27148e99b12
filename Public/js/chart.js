/**
 * The draft's bracket count over time as a small step chart: inline SVG built with DOM
 * APIs (no markup strings), one step per change of text, the zero line marked, and the
 * same facts in words beside it (the chart alone would carry them by shape only, so it is
 * hidden from screen readers, which read the words).
 */

import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 240;
const HEIGHT = 56;
const PAD = 6;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
}

/** `series`: `[{brackets}]` oldest first (reporthistory.js `bracketSeries`). */
export function bracketChart(series, t) {
  const counts = series.length ? series.map((p) => p.brackets) : [0];
  const now = counts.at(-1);
  const most = Math.max(...counts);
  const summary = t("report.chartSummary", { now, most, changes: series.length });
  const scale = Math.max(1, most);
  // Each change of text holds its count for one equal step; the last step ends at the right edge.
  const step = (WIDTH - 2 * PAD) / counts.length;
  const y = (n) => HEIGHT - PAD - (n / scale) * (HEIGHT - 2 * PAD);
  const path = counts.map((n, i) => `${i === 0 ? `M ${PAD} ${y(n)}` : `V ${y(n)}`} H ${PAD + (i + 1) * step}`).join(" ");
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, "aria-hidden": "true", focusable: "false", class: "chart" },
    svg("line", { x1: PAD, x2: WIDTH - PAD, y1: y(0), y2: y(0), class: "chart-zero" }),
    svg("path", { d: path, class: "chart-line" }),
    svg("circle", { cx: WIDTH - PAD, cy: y(now), r: 3.5, class: now ? "chart-dot" : "chart-dot is-clean" }));
  return h("figure", { class: "bracket-chart" }, chart,
    h("figcaption", {}, h("strong", { text: t("report.chartTitle") }), " ", summary));
}
