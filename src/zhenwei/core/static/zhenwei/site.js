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

  // The staff sidebar's menu button (phones): shows and hides the navigation, keeps aria-expanded true.
  function setMenu(open) {
    const button = document.querySelector(".menu-toggle");
    if (!button) return;
    document.body.classList.toggle("nav-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const first = document.querySelector("#site-nav a");
      if (first) first.focus();
    }
  }
  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element ? event.target.closest(".menu-toggle") : null;
    if (button) setMenu(!document.body.classList.contains("nav-open"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
      setMenu(false);
      const button = document.querySelector(".menu-toggle");
      if (button) button.focus();
    }
  });
})();
