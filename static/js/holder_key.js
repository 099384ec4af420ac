// A key holder's enrolment: make an X25519 key pair in this browser (WebCrypto), save the private key as a
// file the holder keeps, and put only the public key in the form. No inline JavaScript: the CSP forbids it.
(function () {
  "use strict";

  function base64(bytes) {
    let text = "";
    bytes.forEach(function (byte) { text += String.fromCharCode(byte); });
    return window.btoa(text);
  }

  function keyFileText(pkcs8, raw) {
    const body = base64(pkcs8).match(/.{1,64}/g).join("\n");
    return "CCT-AWARDS-HOLDER-KEY v1\npublic: " + base64(raw) + "\n-----BEGIN PRIVATE KEY-----\n" + body +
      "\n-----END PRIVATE KEY-----\n";
  }

  function save(text, name) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  async function generate(button) {
    const status = document.getElementById("holder-key-status");
    const field = document.querySelector("input[name=public_key]");
    try {
      const pair = await window.crypto.subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
      const pkcs8 = new Uint8Array(await window.crypto.subtle.exportKey("pkcs8", pair.privateKey));
      const raw = new Uint8Array(await window.crypto.subtle.exportKey("raw", pair.publicKey));
      save(keyFileText(pkcs8, raw), button.dataset.fileName);
      field.value = base64(raw);
      status.textContent = button.dataset.savedMessage;
      status.classList.remove("d-none", "alert-danger");
      status.classList.add("alert-success");
      document.querySelectorAll("[data-enrol-submit]").forEach(function (submit) { submit.disabled = false; });
    } catch (error) {
      status.textContent = button.dataset.unsupportedMessage;
      status.classList.remove("d-none", "alert-success");
      status.classList.add("alert-danger");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-holder-key-generate]").forEach(function (button) {
      button.addEventListener("click", function () { generate(button); });
    });
  });
})();
