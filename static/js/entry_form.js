// The entry page has two forms: the entry's text ("Save draft") and the document upload. Uploading
// reloads the page, which used to lose text typed and not saved. Now: as soon as the text changes a
// notice says so; an upload first saves the draft (the same POST as "Save draft") and uploads only once
// that save succeeded; if it fails (a field needs fixing) the upload waits and the notice says why.
// Leaving the page any other way with unsaved text asks the browser's "leave this page?" question.
(function () {
  "use strict";
  var entryForm = document.querySelector("form.entry-form");
  var uploadForm = document.querySelector("form.document-upload");
  if (!entryForm) { return; }
  var notice = uploadForm ? uploadForm.querySelector("[data-unsaved-notice]") : null;
  var dirty = false;
  var leaving = false;

  function markDirty() {
    dirty = true;
    if (notice) { notice.classList.remove("d-none"); }
  }

  entryForm.addEventListener("input", markDirty);
  entryForm.addEventListener("change", markDirty);
  entryForm.addEventListener("submit", function () { leaving = true; });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  if (!uploadForm || !window.fetch || !window.FormData) { return; }
  uploadForm.addEventListener("submit", function (event) {
    if (!dirty) { leaving = true; return; }
    event.preventDefault();
    fetch(entryForm.action, {
      method: "POST",
      body: new FormData(entryForm),
      credentials: "same-origin",
      redirect: "follow"
    }).then(function (response) {
      // A saved draft answers with a redirect back to the entry; a form with an error is shown again.
      if (response.ok && response.redirected) {
        dirty = false;
        leaving = true;
        uploadForm.submit();
      } else {
        notice.textContent = notice.getAttribute("data-failed-text");
        notice.classList.remove("d-none");
        notice.focus();
      }
    }).catch(function () {
      notice.textContent = notice.getAttribute("data-failed-text");
      notice.focus();
    });
  });
}());
