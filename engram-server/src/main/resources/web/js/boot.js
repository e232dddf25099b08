// Loaded before the page's module: whatever goes wrong in the page from here on is shown as a line
// in it (the #error paragraph), never as a blank or frozen screen.
(function () {
  'use strict';

  function show(text) {
    var line = document.getElementById('error');
    if (line) {
      line.textContent = text;
      line.hidden = false;
    }
  }

  window.addEventListener('error', function (event) {
    // A script or module that failed to load fires its error on the element, and reaches here in the capture phase.
    var target = event.target;
    if (target && target.tagName === 'SCRIPT') {
      show('The page could not load ' + target.getAttribute('src') + '. Reload it; if this stays, the server is missing a file.');
      return;
    }
    show('Something went wrong in the page: ' + (event.message || 'an unknown error') + '. Reload it to start again.');
  }, true);

  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    show('Something went wrong in the page: ' + (reason && reason.message ? reason.message : String(reason)) + '.');
  });
})();
