// The upload page's progress line: the file is sent with XMLHttpRequest so its upload can be
// followed, then the server's answer (the same page with the report or the errors) replaces
// this one. Without JavaScript the form posts as usual.
(function () {
  "use strict";
  var form = document.querySelector("form[data-import-progress]");
  var line = document.getElementById("import-voortgang");
  if (!form || !line || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    if (!input || !input.files || !input.files.length) {
      return; // the server says "Kies een bestand" next to the field
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("action") || window.location.href);
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        var percent = Math.round((100 * progress.loaded) / progress.total);
        line.textContent = line.dataset.sending.replace("{pct}", String(percent));
      }
    });
    request.upload.addEventListener("load", function () {
      line.textContent = line.dataset.checking;
    });
    request.addEventListener("load", function () {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      line.textContent = line.dataset.failed;
    });
    line.hidden = false;
    line.textContent = line.dataset.sending.replace("{pct}", "0");
    form.querySelector("[type=submit]").disabled = true;
    request.send(new FormData(form));
  });
})();
