/* The call-centre form: a search box narrows the kelurahan list as the operator types. The map pin
   and the category search come from the citizen form's script (laksa/report_form.js). */
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-for]").forEach(function (search) {
    var select = document.getElementById(search.dataset.filterFor);
    if (!select) return;
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      var firstHit = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        var hit = !opt.value || !q || opt.textContent.toLowerCase().indexOf(q) >= 0;
        opt.hidden = !hit;
        if (hit && opt.value && !firstHit) firstHit = opt;
      });
      if (firstHit && q) select.value = firstHit.value;
    });
  });
})();
