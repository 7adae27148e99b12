/**
 * A word-level difference between two texts: the longest common subsequence of their
 * words, so that what was kept reads as kept and only the changed words are marked.
 * Words are runs of non-space characters; each carries the spaces that follow it, taken
 * from the text it is shown from. Pure: no DOM.
 */

/** Above this many word pairs left after the common ends, the middle is one replacement. */
const MAX_CELLS = 4_000_000;

/**
 * The difference from `before` to `after`, as `[{op: "same"|"del"|"ins", text}]` in
 * reading order, adjacent pieces of one kind merged. Joining the "same" and "del" texts
 * gives `before` back; joining "same" and "ins" gives `after`.
 */
export function wordDiff(before, after) {
  const a = tokens(before ?? "");
  const b = tokens(after ?? "");
  const ops = [];
  if (b.lead !== a.lead) {
    if (a.lead) ops.push({ op: "del", text: a.lead });
    if (b.lead) ops.push({ op: "ins", text: b.lead });
  } else if (a.lead) {
    ops.push({ op: "same", text: a.lead });
  }
  let start = 0;
  while (start < a.words.length && start < b.words.length && a.words[start].word === b.words[start].word) start += 1;
  let endA = a.words.length;
  let endB = b.words.length;
  while (endA > start && endB > start && a.words[endA - 1].word === b.words[endB - 1].word) {
    endA -= 1;
    endB -= 1;
  }
  for (let i = 0; i < start; i += 1) ops.push(same(a.words[i], b.words[i]));
  ops.push(...middle(a.words.slice(start, endA), b.words.slice(start, endB)));
  for (let i = 0; i < a.words.length - endA; i += 1) ops.push(same(a.words[endA + i], b.words[endB + i]));
  return merge(ops);
}

function tokens(text) {
  const lead = /^\s*/.exec(text)[0];
  const words = [...text.slice(lead.length).matchAll(/(\S+)(\s*)/g)].map((m) => ({ word: m[1], space: m[2] }));
  return { lead, words };
}

/**
 * A kept word shows the after-text's spacing; when only the spacing changed, the old
 * spacing is deleted and the new inserted, so both texts still join back exactly.
 */
function same(x, y) {
  if (x.space === y.space) return [{ op: "same", text: x.word + x.space }];
  return [{ op: "same", text: x.word }, { op: "del", text: x.space }, { op: "ins", text: y.space }];
}

function middle(a, b) {
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((w) => ({ op: "del", text: w.word + w.space })), ...b.map((w) => ({ op: "ins", text: w.word + w.space }))];
  }
  // lengths[i][j]: the LCS length of a[i..] and b[j..], one row of (b.length + 1) per i.
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = a[i].word === b[j].word
        ? lengths[(i + 1) * width + j + 1] + 1
        : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i].word === b[j].word) {
      ops.push(same(a[i], b[j]));
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      ops.push({ op: "del", text: a[i].word + a[i].space });
      i += 1;
    } else {
      ops.push({ op: "ins", text: b[j].word + b[j].space });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) ops.push({ op: "del", text: a[i].word + a[i].space });
  for (; j < b.length; j += 1) ops.push({ op: "ins", text: b[j].word + b[j].space });
  return ops;
}

function merge(ops) {
  const merged = [];
  for (const op of ops.flat()) {
    if (!op.text) continue;
    const last = merged.at(-1);
    if (last?.op === op.op) last.text += op.text;
    else merged.push({ ...op });
  }
  return merged;
}
