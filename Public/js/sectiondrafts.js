/**
 * The Report tab's open editors (an edit or a suggestion of a section), kept in local
 * storage from the first keystroke until the server acknowledges them, so that a reload,
 * a dropped connection or an edit refused as `conflict` loses no words.
 *
 * An editor is `{section, mode: "edit"|"suggest", version (the one it was begun on or is
 * being merged onto), title, baseTitle (the title it was begun on), text, note,
 * pending: null|{ref, afterSeq}, conflict (true after a `conflict` refusal: the text is to
 * be merged with the current one), refusal: null|{code, message}}`. Pure except for the
 * injected `storage`.
 */

export function editorsKey(sessionId, participantId) {
  return `parley:report:${sessionId}:${participantId}`;
}

export function editorId(section, mode) {
  return `${section}:${mode}`;
}

/** A new editor on `section` as it reads now. */
export function openEditor(section, mode) {
  return {
    section: section.id, mode, version: section.version, title: section.title, baseTitle: section.title,
    text: section.text, note: "", pending: null, conflict: false, refusal: null,
  };
}

/** The open editors by `editorId`; an unreadable store gives none. */
export function loadEditors(storage, key) {
  try {
    const stored = JSON.parse(storage.getItem(key) ?? "{}");
    return stored && typeof stored === "object" && !Array.isArray(stored) ? stored : {};
  } catch {
    return {};
  }
}

export function saveEditors(storage, key, editors) {
  try {
    if (Object.keys(editors).length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(editors));
  } catch {
    // Storage full or disabled: the editors then live only in the page.
  }
}

/** The command an editor sends (without its `ref`); `section` is the section as it reads now. */
export function editorCommand(editor, section) {
  if (editor.mode === "suggest") {
    const command = { type: "suggest", section: editor.section, version: editor.version, text: editor.text };
    if (editor.note.trim()) command.note = editor.note.trim();
    return command;
  }
  const command = { type: "editSection", section: editor.section, version: editor.version, text: editor.text };
  if (titleChanged(editor, section)) command.title = editor.title.trim();
  return command;
}

/**
 * Whether the user retitled the section. A title left as it was begun is not sent, so an
 * edit merged after someone else's retitling does not undo it.
 */
function titleChanged(editor, section) {
  const title = editor.title.trim();
  return !!title && title !== editor.baseTitle && title !== section.title;
}

/** Whether the editor would change nothing: its text reads as the section's now, its title as begun. */
export function editorUnchanged(editor, section) {
  return editor.text === section.text && (editor.mode === "suggest" || !titleChanged(editor, section));
}

/**
 * After a reconnect, whether a sent editor already took effect (its ack lost with the
 * connection): the history holds, after the seq it was sent at, an edit or a suggestion of
 * its section by `youId` that reads exactly as the editor.
 */
export function editorLanded(state, editor, youId) {
  if (!editor?.pending) return false;
  const kind = editor.mode === "suggest" ? "suggested" : "sectionEdited";
  return state.reportHistory.entries.some((e) => e.seq > (editor.pending.afterSeq ?? 0)
    && e.kind === kind && e.section === editor.section && e.by === youId && e.text === editor.text);
}
