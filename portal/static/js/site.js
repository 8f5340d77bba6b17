// The header's Menu (a <details>, which works without this file): Escape closes it and gives
// the focus back to the button; a click elsewhere on the page closes it.
(function () {
  "use strict";
  var menu = document.querySelector("[data-nav-menu]");
  if (!menu) { return; }
  var button = menu.querySelector("summary");
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      button.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) { menu.open = false; }
  });
}());

// A toggle marked data-open-wide (the directory's state map) starts open on a wide screen;
// on a phone it stays folded under the results. Without JavaScript it is a plain toggle.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(min-width: 60rem)").matches) { return; }
  var toggles = document.querySelectorAll("details[data-open-wide]");
  for (var i = 0; i < toggles.length; i++) { toggles[i].open = true; }
}());
