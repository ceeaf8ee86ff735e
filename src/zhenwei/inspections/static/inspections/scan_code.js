/* Inspection form (inspections/inspection_form.html), kept out of the page for the CSP. */
// Camera scanning where the browser has BarcodeDetector (Android Chrome and others); typing or a
// hand-held scanner works everywhere. A QR payload that carries the code is reduced to the code.
(function () {
  const field = document.getElementById("id_identity_code");
  if (!field || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const box = document.getElementById("scanner"), video = document.getElementById("scan-video");
  const button = document.createElement("button");
  button.type = "button"; button.textContent = box.dataset.label; button.style.marginTop = ".4rem";
  field.insertAdjacentElement("afterend", button);
  let stream = null, timer = null;
  function stop() { if (timer) clearInterval(timer); if (stream) stream.getTracks().forEach(t => t.stop()); box.hidden = true; }
  document.getElementById("scan-stop").addEventListener("click", stop);
  button.addEventListener("click", async function () {
    const detector = new BarcodeDetector({formats: ["qr_code", "code_128", "data_matrix"]});
    stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    video.srcObject = stream; box.hidden = false; await video.play();
    timer = setInterval(async function () {
      const codes = await detector.detect(video);
      if (!codes.length) return;
      const raw = codes[0].rawValue, mark = raw.toUpperCase().match(/[0-9]{5}[A-Z]{2}[0-9]{5}[A-Z]{2}/);
      field.value = mark ? mark[0] : raw; stop();
    }, 300);
  });
})();
