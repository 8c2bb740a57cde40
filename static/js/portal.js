/* Wide tables scroll inside their .table-responsive box: make that box a labelled region
   a keyboard user can focus and scroll (WCAG 2.1.1, axe "scrollable-region-focusable"). */
(function () {
  function label(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var el = box.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    var h1 = document.querySelector("main h1");
    return h1 ? h1.textContent.trim() : document.title;
  }
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    if (!box.hasAttribute("role")) box.setAttribute("role", "region");
    if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
      box.setAttribute("aria-label", label(box));
    }
  });
})();
