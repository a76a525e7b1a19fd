/* The report page: a letter opens its action (the letter is shown on each button), and a chosen
   template is copied into the text box for the operator to edit before sending. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
    var form = document.querySelector('form[data-shortcut="' + e.key.toLowerCase() + '"]');
    if (!form) return;
    e.preventDefault();
    form.scrollIntoView({ behavior: "smooth", block: "center" });
    var first = form.querySelector("select:not([hidden]), textarea, input:not([type=hidden])");
    (first || form.querySelector("button")).focus();
    form.classList.add("picked");
    setTimeout(function () { form.classList.remove("picked"); }, 800);
  });

  document.querySelectorAll("form.js-template").forEach(function (form) {
    var select = form.querySelector("select[name=template]");
    var text = form.querySelector("textarea");
    var filled = form.querySelector("input[name=filled]");
    if (!select || !text || !filled) return;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (!option || !option.dataset.text) return;
      text.value = option.dataset.text;
      filled.value = "on";
      text.focus();
    });
  });
})();
