/**
 * The layout of a report section's text (contract §5): paragraphs separated by a blank
 * line; a paragraph that is a single line starting with `## ` is a sub-heading; a line
 * starting with `- ` is a list item. Pure: no DOM.
 */

/**
 * The blocks of `text`, in order: `{type: "heading", text}`, `{type: "paragraph", text}`
 * (lines joined by "\n") and `{type: "list", items: [text]}`. A paragraph that mixes lines
 * and list items becomes a paragraph block and a list block in turn.
 */
export function sectionBlocks(text) {
  const blocks = [];
  const paragraphs = (text ?? "").replace(/\r\n?/g, "\n").split(/\n(?:[ \t]*\n)+/);
  for (const paragraph of paragraphs) {
    if (!paragraph.trim()) continue;
    const lines = paragraph.split("\n");
    if (lines.length === 1 && lines[0].startsWith("## ")) {
      blocks.push({ type: "heading", text: lines[0].slice(3) });
      continue;
    }
    let current = null;
    for (const line of lines) {
      const item = line.startsWith("- ");
      if (item && current?.type !== "list") blocks.push(current = { type: "list", items: [] });
      else if (!item && current?.type !== "paragraph") blocks.push(current = { type: "paragraph", text: null });
      if (item) current.items.push(line.slice(2));
      else current.text = current.text === null ? line : `${current.text}\n${line}`;
    }
  }
  return blocks;
}
