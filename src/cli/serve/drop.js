// Files dropped on the page go into its drop form (the one dropped on, or
// the first) and are sent; without this script each form's file input
// does the same. A button with data-copy copies its text area's reply.
(function () {
  var forms = document.querySelectorAll("form.drop");
  if (forms.length > 0) {
    var target = function (e) {
      var inside = e.target && e.target.closest ? e.target.closest("form.drop") : null;
      return inside || forms[0];
    };
    document.addEventListener("dragover", function (e) { e.preventDefault(); target(e).classList.add("over"); });
    document.addEventListener("dragleave", function (e) { target(e).classList.remove("over"); });
    document.addEventListener("drop", function (e) {
      e.preventDefault();
      var form = target(e);
      form.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length > 0) {
        form.querySelector("input[type=file]").files = e.dataTransfer.files;
        form.submit();
      }
    });
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy"));
      var done = function () { button.textContent = "コピーしました"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, function () { area.select(); });
      } else {
        area.select();
        if (document.execCommand("copy")) { done(); }
      }
    });
  });
})();
