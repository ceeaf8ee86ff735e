/* Behaviour shared by every page, kept out of the HTML so that the Content-Security-Policy can refuse
   inline scripts and event-handler attributes (docs/security.md, T8a). */
(function () {
  // <select data-autosubmit> submits its form when changed (the language switch in the header).
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
})();
