// Citations open their source sentence in a small panel, with a link to it in its article.
// Text is copied with textContent only: nothing from an article is ever parsed as HTML.
"use strict";
(function () {
  let open = null;
  function close() { if (open) { open.remove(); open = null; } }
  function show(link) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const target = document.getElementById(id);
    if (!target) return false;
    close();
    const box = document.createElement("div");
    box.className = "popover";
    box.setAttribute("role", "dialog");
    const shut = document.createElement("button");
    shut.className = "close"; shut.type = "button"; shut.textContent = "×";
    shut.setAttribute("aria-label", "Close");
    shut.addEventListener("click", close);
    const head = document.createElement("span");
    head.className = "head";
    const item = target.closest("li[id^=src]");
    const outlet = item && item.querySelector(".outlet");
    head.textContent = (link.textContent || "") + " " + (outlet ? outlet.textContent : "");
    const quote = document.createElement("blockquote");
    quote.className = "source-sentence";
    const copy = target.cloneNode(true);
    copy.querySelectorAll("a.for, a.context").forEach(function (a) { a.remove(); });
    quote.textContent = copy.textContent.trim();
    box.append(shut, head, quote);
    const context = target.querySelector("a.context");
    if (context) {
      const more = document.createElement("a");
      more.href = context.getAttribute("href");
      more.textContent = "Read it in context →";
      box.append(more);
    }
    const rect = link.getBoundingClientRect();
    box.style.top = (window.scrollY + rect.bottom + 6) + "px";
    box.style.left = Math.max(8, Math.min(window.scrollX + rect.left - 20,
      document.documentElement.clientWidth - 320)) + "px";
    document.body.append(box);
    open = box;
    return true;
  }
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.cite");
    if (link && link.getAttribute("href").startsWith("#") && show(link)) {
      event.preventDefault();
    } else if (open && !open.contains(event.target)) {
      close();
    }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
})();
