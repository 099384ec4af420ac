// The entry's documents beside the scorecard. A PDF is drawn page by page with PDF.js (vendored under
// static/vendor/pdfjs, eval off, its worker from our own origin: the site's CSP allows both); PDF.js
// asks the server for byte ranges, so a long deck starts showing before it is all downloaded. An image is
// shown as it is. Without JavaScript each link opens the document in the browser's own viewer.
const reader = document.getElementById("document-reader");

if (reader) {
  const view = reader.querySelector(".reader-view");
  const hint = reader.querySelector(".reader-hint");
  const links = Array.from(reader.querySelectorAll("a[data-reader-kind]"));
  let pdfjs = null;
  let current = 0;

  const say = (text) => {
    const line = document.createElement("p");
    line.className = "small text-body-secondary m-3";
    line.textContent = text;
    view.replaceChildren(line);
  };

  const library = async () => {
    if (pdfjs === null) {
      pdfjs = await import(reader.dataset.pdfjs);
      pdfjs.GlobalWorkerOptions.workerSrc = reader.dataset.pdfjsWorker;
    }
    return pdfjs;
  };

  const showPdf = async (url, name, token) => {
    say(reader.dataset.loadingText);
    const lib = await library();
    const pdf = await lib.getDocument({ url, isEvalSupported: false }).promise;
    if (token !== current) { return; }
    view.replaceChildren();
    view.dataset.pages = String(pdf.numPages);
    const width = Math.max(view.clientWidth - 16, 280);
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      if (token !== current) { return; }
      const scale = (width / page.getViewport({ scale: 1 }).width) * (window.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement("canvas");
      canvas.className = "reader-page";
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${name} · ${number}/${pdf.numPages}`);
      view.append(canvas);
      await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
    }
    view.dataset.rendered = "true";
  };

  const show = async (link) => {
    current += 1;
    const token = current;
    links.forEach((other) => {
      other.classList.toggle("active", other === link);
      if (other === link) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
    });
    if (hint) { hint.hidden = true; }
    delete view.dataset.rendered;
    delete view.dataset.pages;
    try {
      if (link.dataset.readerKind === "image") {
        const image = document.createElement("img");
        image.className = "reader-image";
        image.alt = link.dataset.readerName;
        image.src = link.href;
        view.replaceChildren(image);
        view.dataset.rendered = "true";
      } else {
        await showPdf(link.href, link.dataset.readerName, token);
      }
    } catch (error) {
      if (token === current) { say(reader.dataset.failedText); }
    }
  };

  links.forEach((link) => {
    link.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
      event.preventDefault();
      show(link);
    });
  });
  if (links.length > 0) { show(links[0]); }
}
