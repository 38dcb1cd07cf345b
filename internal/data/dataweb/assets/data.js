// The data pages' script. Without it every chart and its table show one
// after the other and the country lists are plain checkbox lists; with it
// each section shows one at a time behind a tab list (WAI-ARIA tabs:
// arrow keys, Home, End) and a filter box narrows the country lists.
(function () {
  "use strict";
  function select(list, tab, focus) {
    var tabs = list.querySelectorAll('[role="tab"]');
    for (var i = 0; i < tabs.length; i++) {
      var on = tabs[i] === tab;
      tabs[i].setAttribute("aria-selected", on ? "true" : "false");
      tabs[i].tabIndex = on ? 0 : -1;
      var panel = document.getElementById(tabs[i].getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    }
    if (focus) tab.focus();
  }
  function setup(list) {
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    tabs.forEach(function (tab, i) {
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (panel) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.tabIndex = 0;
      }
      tab.addEventListener("click", function () { select(list, tab, false); });
      tab.addEventListener("keydown", function (e) {
        var j = -1;
        if (e.key === "ArrowRight") j = (i + 1) % tabs.length;
        else if (e.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
        else if (e.key === "Home") j = 0;
        else if (e.key === "End") j = tabs.length - 1;
        if (j < 0) return;
        e.preventDefault();
        select(list, tabs[j], true);
      });
    });
    list.hidden = false;
    select(list, tabs[0], false);
  }
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // A picker's filter box hides the places whose name does not contain
  // what is typed (accents ignored); ticked places always stay.
  function picker(box) {
    var input = box.querySelector("[data-filter]");
    var items = box.querySelectorAll("[data-name]");
    var count = box.querySelector("[data-count]");
    function update() {
      var q = fold(input.value.trim()), ticked = 0;
      for (var i = 0; i < items.length; i++) {
        var cb = items[i].querySelector("input");
        if (cb.checked) ticked++;
        items[i].hidden = q !== "" && !cb.checked && fold(items[i].getAttribute("data-name")).indexOf(q) < 0;
      }
      if (count) count.textContent = String(ticked);
    }
    input.hidden = false;
    var label = box.querySelector("[data-filter-label]");
    if (label) label.hidden = false;
    input.addEventListener("input", update);
    box.addEventListener("change", update);
    update();
  }
  function init() {
    var lists = document.querySelectorAll("[data-tabs]");
    for (var i = 0; i < lists.length; i++) setup(lists[i]);
    var pickers = document.querySelectorAll("[data-picker]");
    for (var j = 0; j < pickers.length; j++) picker(pickers[j]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
