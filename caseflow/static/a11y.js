// After a refused submit the focus goes to the error summary (WCAG 3.3.1), so that a keyboard or
// screen-reader user hears what is wrong and can follow its links to the fields. The summary is
// #foutoverzicht (templates/macros.html error_summary, or base.html's first error after a
// redirect) with tabindex="-1". Loaded at the end of <body>: the summary is already there.
(function () {
  var summary = document.getElementById("foutoverzicht");
  if (!summary) {
    return;
  }
  function focusSummary() {
    if (document.activeElement === summary) {
      return;
    }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  focusSummary();
  // A redirect to an anchor (/cases/X#fase): Chromium applies the fragment after loading and
  // then clears the focus; take it back once that is done.
  if (window.location.hash) {
    window.addEventListener("load", function () { window.setTimeout(focusSummary, 0); });
  }
})();
