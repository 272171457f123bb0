// The Navi's answering page: each item saves as it changes (htmx on each item's section).
// The page works without this file (one form, one button). A save that fails says so in the
// item's status line and leaves the choice on screen; validation errors (422) and an
// expired session or a refusal (401, 403) are swapped in like a success.
(function () {
  "use strict";
  if (!window.htmx) { return; }
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "(401|403|422)", swap: true, error: false },
    { code: "...", swap: false, error: true },
  ];
  var form = document.getElementById("area-form");
  var failedText = form ? form.dataset.failed : "";
  function statusOf(section) {
    return section && section.querySelector(".navi-status");
  }
  function failed(event) {
    var status = statusOf(event.detail.elt.closest(".navi-item"));
    if (!status) { return; }
    status.classList.add("text-danger");
    status.setAttribute("role", "alert");
    status.textContent = failedText;
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var section = event.detail.elt.closest(".navi-item");
    if (!section || !event.detail.successful) { return; }
    // A file goes up once: the next save of this item must not send it again.
    section.querySelectorAll("input[type=file]").forEach(function (input) { input.value = ""; });
  });
})();
// On a phone the area tabs scroll sideways: show the current one.
(function () {
  "use strict";
  var current = document.querySelector(".nav-tabs .nav-link.active");
  if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest", inline: "center" }); }
})();
