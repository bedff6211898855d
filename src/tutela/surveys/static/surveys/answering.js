/* Skip logic, constraints and calculations as the respondent types (the server checks again). */
(function () {
  "use strict";
  var X = window.TutelaExpressions;
  var form = document.getElementById("survey-form");
  if (!X || !form) { return; }

  function valueOf(field) {
    var kind = field.dataset.kind;
    if (kind === "calculate") { return field.dataset.value || ""; }
    var inputs = field.querySelectorAll("input, textarea, select");
    if (kind === "select_multiple") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; }).map(function (i) { return i.value; }).join(" ");
    }
    if (kind === "select_one") {
      var picked = Array.prototype.filter.call(inputs, function (i) { return i.checked; });
      return picked.length ? picked[0].value : "";
    }
    return inputs.length ? inputs[0].value : "";
  }

  function fields() { return Array.prototype.slice.call(form.querySelectorAll("[data-kind]")); }

  function lookupFor(field, all) {
    return function (name) {
      var repeat = field.dataset.repeat, index = field.dataset.index, found;
      all.forEach(function (other) {
        if (other.dataset.name !== name) { return; }
        if (other.dataset.repeat && (other.dataset.repeat !== repeat || other.dataset.index !== index)) { return; }
        found = valueOf(other);
      });
      return found === undefined ? "" : found;
    };
  }

  function hiddenByAncestor(element) {
    var parent = element.parentElement;
    while (parent && parent !== form) {
      if (parent.hidden) { return true; }
      parent = parent.parentElement;
    }
    return false;
  }

  function refresh() {
    var all = fields();
    // Relevance of groups and repeats first (they hide whatever they hold).
    form.querySelectorAll("fieldset.survey-group[data-relevant], fieldset.survey-repeat[data-relevant]").forEach(function (container) {
      var expression = container.dataset.relevant;
      if (!expression) { return; }
      try { container.hidden = !X.isTrue(expression, lookupFor(container, all)); } catch (e) { container.hidden = false; }
    });
    all.forEach(function (field) {
      var lookup = lookupFor(field, all);
      if (field.dataset.kind === "calculate") {
        try { field.dataset.value = X.asText(X.evaluate(field.dataset.calculation, lookup)); } catch (e) { field.dataset.value = ""; }
        return;
      }
      if (field.dataset.relevant) {
        try { field.hidden = !X.isTrue(field.dataset.relevant, lookup); } catch (e) { field.hidden = false; }
      }
      var errors = document.getElementById(field.id + "-errors");
      if (!errors || !field.dataset.constraint || field.dataset.touched !== "yes") { return; }
      var value = valueOf(field), ok = true;
      if (value !== "" && !field.hidden && !hiddenByAncestor(field)) {
        try { ok = X.isTrue(field.dataset.constraint, lookup, value); } catch (e) { ok = true; }
      }
      var live = errors.querySelector("li.live");
      if (!ok) {
        if (!live) { live = document.createElement("li"); live.className = "live"; errors.appendChild(live); }
        live.textContent = field.dataset.constraintMessage || "This answer is not accepted.";
        field.classList.add("has-error");
      } else if (live) {
        live.remove();
        if (!errors.children.length) { field.classList.remove("has-error"); }
      }
    });
  }

  form.addEventListener("input", function (event) {
    var field = event.target.closest("[data-kind]");
    if (field) { field.dataset.touched = "yes"; }
    refresh();
  });
  form.addEventListener("change", function (event) {
    var field = event.target.closest("[data-kind]");
    if (field) { field.dataset.touched = "yes"; }
    refresh();
  });
  refresh();
})();
