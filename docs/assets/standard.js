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
  // 施行时间表: which edition applied on a given day, from the timeline data in the page.
  function asAt() {
    var form = document.querySelector("form.as-at");
    var data = document.getElementById("edition-timeline");
    if (!form || !data || form.dataset.ready) return;
    form.dataset.ready = "1";
    var editions = JSON.parse(data.textContent);
    var answer = document.querySelector(".as-at-answer");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var day = document.getElementById("as-at-date").value;  // YYYY-MM-DD
      var found = null;
      editions.forEach(function (e) { if (e.effective && e.effective <= day) found = e; });
      answer.textContent = "";
      if (!found) {
        var first = editions[0];
        answer.textContent = day + "：本规范尚未施行" +
          (first ? "（最早的 " + first.edition + " 版自 " + first.effective + " 起施行）" : "") + "。";
        return;
      }
      answer.appendChild(document.createTextNode(day + " 施行的是 "));
      var a = document.createElement("a");
      a.href = "../../" + found.slug + "/";
      a.textContent = found.edition + " 版";
      answer.appendChild(a);
      answer.appendChild(document.createTextNode("（自 " + found.effective + " 起施行" +
        (found.until ? "，至 " + found.until + " 止" : "") + "）。"));
    });
  }
  // The banner's link to this page in the edition in force keeps the clause landed on.
  function keepClause() {
    var hash = /^#C-\d{4,6}$/.test(location.hash) ? location.hash : "";
    document.querySelectorAll(".edition-banner a[data-same-page]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("#")[0] + hash);
    });
  }
  window.addEventListener("hashchange", keepClause);
  nameSearchDialog();
  function ready() { addButtons(); asAt(); keepClause(); }
  if (typeof document$ !== "undefined") { document$.subscribe(ready); } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
