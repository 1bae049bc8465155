// The sign-in link carries the token in the URL fragment (#token=…), which the
// browser never sends to the server, so it stays out of every log. Move it into
// the sign-in form, forget it from the address bar, and submit.
// A link pasted into a tab already showing the sign-in page changes only the
// fragment (no reload), so the fragment is read on load and on every change.
// When the browser is signed in as someone else, the server asks before switching.
(function () {
  "use strict";
  const form = document.getElementById("signin-form");
  if (!form) return;
  function signInFromFragment() {
    const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (!match) return;
    history.replaceState(null, "", window.location.pathname);
    form.querySelector("input[name=token]").value = decodeURIComponent(match[1]);
    form.submit();
  }
  window.addEventListener("hashchange", signInFromFragment);
  signInFromFragment();
})();
