// Type-ahead for the header's search box: as the reader types, the first
// answers of /api/v1/search (places and corridors first) appear as links
// under the box. Without JavaScript the box still submits to /search.
// The home page's own search box gets the same help.
(function () {
  "use strict";
  ["site-q", "home-q"].forEach(function (id) {
    var input = document.getElementById(id);
    var list = document.getElementById(id + "-suggest");
    if (input && list) suggest(input, list);
  });

  function suggest(input, list) {
    var timer = null, seq = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }

    function show(groups, q) {
      list.textContent = "";
      list.setAttribute("data-for", q); // the query these answers are for
      var n = 0;
      groups.forEach(function (g) {
        (g.items || []).slice(0, 4).forEach(function (item) {
          if (n >= 8) return;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.title;
          var kind = document.createElement("small");
          kind.textContent = " " + g.label;
          a.appendChild(kind);
          li.appendChild(a);
          list.appendChild(li);
          n++;
        });
      });
      list.hidden = n === 0;
      input.setAttribute("aria-expanded", n > 0 ? "true" : "false");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/search?limit=4&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { groups: [] }; })
          .then(function (d) { if (mine === seq) show(d.groups || [], q); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close();
      if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a").focus(); }
    });
    list.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (e.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!list.contains(e.target) && e.target !== input) close(); });
  }
})();
