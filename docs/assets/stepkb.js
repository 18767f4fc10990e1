/* STEP knowledge base: behaviour shared by every page. No network requests. */
(function () {
  "use strict";

  // A table wider than its box scrolls sideways inside it. A keyboard can scroll only what it can focus
  // (WCAG 2.1.1), and a screen reader announces the focused box by its name: the table's caption. Our
  // generated tables come in such regions already (templates/_macros.j2, table); this covers the others
  // (tables written in Markdown, which the theme wraps in boxes of its own): every box between the table
  // and the article that scrolls sideways.
  function scrollBoxes(table) {
    var boxes = [];
    for (var box = table; box && box.tagName !== "ARTICLE"; box = box.parentElement) {
      var overflow = getComputedStyle(box).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1) boxes.push(box);
    }
    return boxes;
  }

  function nameOf(table) {
    if (table.caption && table.caption.textContent.trim()) return table.caption.textContent.trim();
    var heading = table.closest("article").querySelectorAll("h1, h2, h3");
    var name = "";
    Array.prototype.forEach.call(heading, function (h) {
      if (h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING) name = h.textContent.replace("¶", "").trim();
    });
    return name;
  }

  function makeRegionsFocusable() {
    // A code block too wide for the screen scrolls in its own <code>: it needs focus too.
    Array.prototype.forEach.call(document.querySelectorAll("article pre > code"), function (code) {
      if (!code.hasAttribute("tabindex") && code.scrollWidth > code.clientWidth + 1) code.tabIndex = 0;
    });
    Array.prototype.forEach.call(document.querySelectorAll("article table"), function (table) {
      scrollBoxes(table).forEach(function (box) {
        if (box.hasAttribute("tabindex")) return;
        box.tabIndex = 0;
        if (box === table) return; // a table is named by its caption already, and keeps its role
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) box.setAttribute("aria-label", nameOf(table));
      });
    });
  }

  function init() {
    // After the theme has wrapped its tables (it does so when the document is ready).
    window.setTimeout(makeRegionsFocusable, 0);
    // A narrower window (a phone turned upright) can make more boxes scroll: check on the next frame.
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        makeRegionsFocusable();
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
