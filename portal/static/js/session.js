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

  function describe(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
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
