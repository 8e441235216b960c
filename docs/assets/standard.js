// Copy-link buttons on every clause: the link uses the clause's stable id, never its number.
(function () {
  function addButtons() {
    document.querySelectorAll(".clause-heading[data-clause]").forEach(function (h) {
      if (h.querySelector(".clause-copy")) return;
      var id = h.getAttribute("data-clause");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "clause-copy";
      b.textContent = "复制链接";
      b.setAttribute("aria-label", "复制第 " + h.getAttribute("data-number") + " 条的链接");
      b.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + id;
        var done = function () { b.textContent = "已复制"; setTimeout(function () { b.textContent = "复制链接"; }, 1500); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { prompt("复制此链接：", url); });
        } else {
          prompt("复制此链接：", url);
        }
      });
      h.appendChild(b);
    });
  }
  // Material's search overlay is a dialog without a name; give it one for screen readers.
  function nameSearchDialog() {
    var dlg = document.querySelector(".md-search[role='dialog']");
    if (dlg && !dlg.getAttribute("aria-label")) dlg.setAttribute("aria-label", "搜索");
  }
  nameSearchDialog();
  if (typeof document$ !== "undefined") { document$.subscribe(addButtons); } else {
    document.addEventListener("DOMContentLoaded", addButtons);
  }
})();
