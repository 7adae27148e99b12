import assert from "node:assert/strict";
import { test } from "node:test";
import { linkedElementId, sessionFromPath, takeToken } from "../../Public/js/join.js";

function page(hash) {
  const replaced = [];
  const location = { hash, pathname: "/s/abc", search: "" };
  const history = { state: null, replaceState: (_state, _title, url) => replaced.push(url) };
  return { location, history, replaced };
}

test("the join link's token is taken out of the address bar", () => {
  const token = "Qm9yZGVyIGNyb3NzaW5ncyBvcGVuIGluIHN0YWdlcy4_-x";
  const { location, history, replaced } = page(`#${token}`);
  assert.equal(takeToken(location, history), token);
  assert.deepEqual(replaced, ["/s/abc"]);
});

test("an in-page anchor is not a token: a reload after a skip link still enters with the cookie", () => {
  for (const hash of ["", "#", "#agenda", "#compose", "#c42", "#section-s1", `#${"a".repeat(129)}`, "#not a token at all!!"]) {
    const { location, history, replaced } = page(hash);
    assert.equal(takeToken(location, history), null, hash);
    assert.deepEqual(replaced, [], `${hash} stays in the address bar`);
  }
});

test("room paths", () => {
  assert.equal(sessionFromPath("/s/sjksi6kxj2qbhack"), "sjksi6kxj2qbhack");
  assert.equal(sessionFromPath("/s/x/y"), null);
  assert.equal(sessionFromPath("/"), null);
});

test("room links point at a contribution or an item, never at a token", () => {
  assert.equal(linkedElementId("#c42"), "c42");
  assert.equal(linkedElementId("#item-obstacles"), "item-obstacles");
  assert.equal(linkedElementId("#item-Perspectives_2026"), "item-Perspectives_2026", "item ids may hold capitals");
  // A link to an item as long as a token is not taken for one (it would be posted to /join and refused).
  const replaced = [];
  const history = { state: null, replaceState: (...args) => replaced.push(args) };
  assert.equal(takeToken({ hash: "#item-perspectives", pathname: "/s/abc", search: "" }, history), null);
  assert.deepEqual(replaced, [], "the link stays in the address bar");
  for (const hash of ["", "#", "#c0", "#c42x", "#item-", "#item-Bad!", "#item-", "#" + "a".repeat(43), "#%E0%A4%A", "#c1%22onmouseover"]) {
    assert.equal(linkedElementId(hash), null, hash);
  }
});
