/* The documents step: each chosen file is sent on its own request with its own progress
   bar, without leaving the page; "Send all the chosen files" sends every chosen file in
   one go (one after the other). The page is reloaded once, when every file is received. Without JavaScript the
   forms post one by one as before. */
(function () {
  var all = document.querySelector("[data-upload-all]");
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-upload]"));
  if (!all || !forms.length || !window.XMLHttpRequest || !window.FormData) return;
  document.querySelector("[data-upload-all-box]").classList.remove("d-none");

  function chosen(form) {
    var input = form.querySelector("input[type=file]");
    return input && input.files && input.files.length > 0;
  }

  function errorsOf(html, action) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var texts = [];
    page.querySelectorAll(".alert-danger, form[action='" + action + "'] .invalid-feedback").forEach(function (el) {
      if (el.textContent.trim()) texts.push(el.textContent.trim());
    });
    return texts.join(" ");
  }

  function send(form) {
    return new Promise(function (resolve) {
      var bar = form.querySelector(".upload-progress");
      var status = form.querySelector("[data-upload-status]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      bar.value = 0;
      bar.classList.remove("d-none");
      status.textContent = "";
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      xhr.addEventListener("load", function () {
        var ok = xhr.status === 204;
        bar.value = ok ? 100 : 0;
        bar.classList.toggle("d-none", !ok);
        status.textContent = ok ? all.dataset.textSent : all.dataset.textFailed + " " + errorsOf(xhr.responseText, form.getAttribute("action"));
        status.classList.toggle("text-danger", !ok);
        resolve(ok);
      });
      xhr.addEventListener("error", function () {
        bar.classList.add("d-none");
        status.textContent = all.dataset.textFailed;
        status.classList.add("text-danger");
        resolve(false);
      });
      xhr.send(new FormData(form));
    });
  }

  function sendAll(batch) {
    all.disabled = true;
    // One file after the other: each its bar, and no two writes to the dossier at once.
    var results = [];
    batch
      .reduce(function (previous, form) {
        return previous.then(function () {
          return send(form).then(function (ok) {
            results.push(ok);
          });
        });
      }, Promise.resolve())
      .then(function () {
        all.disabled = false;
        // Every file received: one reload shows them; otherwise the page stays, with the reasons.
        if (results.every(Boolean)) window.location.assign(window.location.pathname);
      });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      sendAll([form]);
    });
  });
  all.addEventListener("click", function () {
    var batch = forms.filter(chosen);
    if (batch.length) {
      sendAll(batch);
    } else {
      var box = all.parentNode.querySelector("[data-upload-none]") || document.createElement("span");
      box.setAttribute("data-upload-none", "");
      box.setAttribute("role", "status");
      box.className = "ms-2 small";
      box.textContent = all.dataset.textNone;
      all.parentNode.appendChild(box);
    }
  });
})();
