// The sign-in link carries the token in the URL fragment (#token=…), which the
// browser never sends to the server, so it stays out of every log. Move it into
// the sign-in form, forget it from the address bar, and submit.
(function () {
  "use strict";
  const form = document.getElementById("signin-form");
  if (!form) return;
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, "", window.location.pathname);
  form.querySelector("input[name=token]").value = decodeURIComponent(match[1]);
  form.submit();
})();
