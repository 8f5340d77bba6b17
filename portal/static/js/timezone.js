// The device's time zone, for the server to show dates and times in (portal/web.py
// reader_zone checks the name). Set as the `tz` cookie when it is missing or has changed (a
// trip); the page after that shows the device's times. Without JavaScript the portal's default
// zone applies, and every time shown names its zone, so none is ambiguous.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  // An IANA name (America/Chicago, Etc/GMT+5): nothing else goes into the cookie.
  if (!zone || zone.length > 64 || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) { return; }
  var current = document.cookie.match(/(?:^|;\s*)tz=([^;]*)/);
  if (current && current[1] === zone) { return; }
  document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" +
    (window.location.protocol === "https:" ? "; Secure" : "");
}());
