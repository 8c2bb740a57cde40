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
  // Drag and drop: a file dropped on a document's card is chosen in that card's file field
  // (the same field a click opens, so sending, errors and the keyboard path stay one).
  forms.forEach(function (form) {
    var card = form.closest("[data-drop]");
    var input = form.querySelector("input[type=file]");
    if (!card || !input || !window.DataTransfer) return;
    var depth = 0;
    card.addEventListener("dragenter", function (event) {
      event.preventDefault();
      depth += 1;
      card.classList.add("drop-target");
    });
    card.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    });
    card.addEventListener("dragleave", function () {
      depth -= 1;
      if (depth <= 0) {
        depth = 0;
        card.classList.remove("drop-target");
      }
    });
    card.addEventListener("drop", function (event) {
      event.preventDefault();
      depth = 0;
      card.classList.remove("drop-target");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      var chosenFiles = new DataTransfer();
      chosenFiles.items.add(files[0]);
      input.files = chosenFiles.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      var status = form.querySelector("[data-upload-status]");
      status.classList.remove("text-danger");
      status.textContent = (all.dataset.textDropped || "") + " " + files[0].name;
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
