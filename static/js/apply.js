/* The application form: postal-code fill, sections shown by category and role,
   and a copy in localStorage so that a closed tab loses nothing. No external files. */
(function () {
  "use strict";
  var form = document.getElementById("apply-form");
  if (!form) { return; }
  var STORE = "aiga-apply-form";

  function $(id) { return document.getElementById(id); }
  function show(selector, visible) {
    form.querySelectorAll(selector).forEach(function (el) { el.hidden = !visible; });
  }
  function category() {
    var checked = form.querySelector("input[name=category]:checked");
    return checked ? checked.value : "corporate";
  }
  function refresh() {
    var corporate = category() === "corporate";
    show(".corporate-only", corporate);
    show(".expert-only", !corporate);
    show(".parent-only", $("id_has_parent") && $("id_has_parent").checked);
    show(".prac-person", !($("id_prac_same") && $("id_prac_same").checked));
    var bill = $("id_bill_same");
    show(".bill-person", !bill || bill.value === "other" || bill.value === "");
  }

  /* Postal code → prefecture, city and town (Japan Post data, served by this site). */
  function toAsciiDigits(text) {
    return text.replace(/[０-９]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/[^0-9]/g, "");
  }
  var lastCode = "";
  function postalLookup() {
    var input = $("id_postal_code");
    var code = toAsciiDigits(input.value);
    if (code.length !== 7 || code === lastCode) { return; }
    lastCode = code;
    fetch(form.dataset.postalUrl + "?code=" + code, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.found) { return; }
        input.value = data.postal_code;
        $("id_prefecture").value = data.prefecture;
        $("id_city").value = data.city;
        var line = $("id_address_line");
        if (!line.value || line.dataset.autofilled === "1") {
          line.value = data.town;
          line.dataset.autofilled = "1";
        }
        save();
      })
      .catch(function () { /* the server fills the address on submission */ });
  }

  /* Keep a copy of what was typed (not files) so a closed tab loses nothing. */
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" &&
        el.type !== "submit";
    });
  }
  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") { data[el.name] = el.checked; }
      else if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } }
      else { data[el.name] = el.value; }
    });
    try { localStorage.setItem(STORE, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function restore() {
    var raw;
    try { raw = localStorage.getItem(STORE); } catch (e) { return; }
    if (!raw) { return; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    fields().forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "checkbox") { el.checked = !!data[el.name]; }
      else if (el.type === "radio") { el.checked = data[el.name] === el.value; }
      else { el.value = data[el.name]; }
    });
  }

  if (form.dataset.fresh === "1") { restore(); }
  form.addEventListener("input", save);
  form.addEventListener("change", function (event) { save(); refresh(); });
  $("id_postal_code").addEventListener("input", postalLookup);
  $("id_postal_code").addEventListener("change", postalLookup);
  $("id_address_line").addEventListener("input", function () { this.dataset.autofilled = "0"; });
  refresh();
})();
