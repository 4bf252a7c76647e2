// Files dropped anywhere on the 受付 page go into its form and are sent;
// without this script the form's file input does the same.
(function () {
  var form = document.getElementById("intake");
  if (!form) { return; }
  var input = document.getElementById("files");
  document.addEventListener("dragover", function (e) { e.preventDefault(); form.classList.add("over"); });
  document.addEventListener("dragleave", function () { form.classList.remove("over"); });
  document.addEventListener("drop", function (e) {
    e.preventDefault();
    form.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length > 0) {
      input.files = e.dataTransfer.files;
      form.submit();
    }
  });
})();
