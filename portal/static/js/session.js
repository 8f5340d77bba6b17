// Idle-timeout warning: shows the "Are you still there?" banner shortly before the server
// signs the user out, and renews the session without leaving the page. Without JavaScript
// the footer states the timeout and the server still enforces it.
(function () {
  "use strict";
  var body = document.body;
  var timeout = parseInt(body.getAttribute("data-idle-timeout"), 10);
  var warning = parseInt(body.getAttribute("data-idle-warning"), 10);
  var banner = document.getElementById("session-warning");
  if (!timeout || !banner) { return; }
  var form = banner.querySelector("form");
  var countdown = banner.querySelector("[data-countdown]");
  var button = form.querySelector("button");
  var lastActive = Date.now();
  var previousFocus = null;

  function remaining() { return timeout - Math.floor((Date.now() - lastActive) / 1000); }

  // "2 minutes", "2 minutos": the page's language (<html lang>) names the unit.
  function describe(seconds) {
    var lang = document.documentElement.lang || "en";
    var unit = seconds >= 60 ? "minute" : "second";
    var value = seconds >= 60 ? Math.ceil(seconds / 60) : seconds;
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: unit, unitDisplay: "long" }).format(value);
    } catch (error) { // a browser without unit formatting
      return value + " " + unit + (value === 1 ? "" : "s");
    }
  }

  function show() {
    if (!banner.hidden) { return; }
    previousFocus = document.activeElement;
    banner.hidden = false;
    button.focus();
  }

  function hide() {
    banner.hidden = true;
    if (previousFocus && previousFocus.focus) { previousFocus.focus(); }
  }

  function tick() {
    var left = remaining();
    if (left <= 0) {
      window.location.reload(); // the server has ended the session: it shows the sign-in page
      return;
    }
    if (left <= warning) {
      countdown.textContent = describe(left);
      show();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status === 200) {
        lastActive = Date.now();
        hide();
      } else {
        window.location.reload();
      }
    };
    request.send(new FormData(form));
  });

  banner.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  });

  window.setInterval(tick, 1000);
}());
