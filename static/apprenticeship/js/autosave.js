// The employer's job sheet saves itself as it is typed (R-CFA-2): 1.5 s after the last
// change, the form's fields are posted to its draft endpoint; the status line says so.
// Without JavaScript, the "Save the draft" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("job-sheet-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var timer = null;
  var saving = false;
  var again = false;
  // The words come translated from the page (data-* of the status line).
  var words = {
    saving: status ? status.getAttribute("data-saving") : "",
    saved: status ? status.getAttribute("data-saved") : "",
    failed: status ? status.getAttribute("data-failed") : ""
  };

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    say(words.saving);
    var data = new FormData(form);
    data.delete("action");
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (body) {
          say(body.saved ? words.saved : words.failed + " " + (body.error || ""));
        });
      })
      .catch(function () {
        say(words.failed);
      })
      .then(function () {
        saving = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
})();
