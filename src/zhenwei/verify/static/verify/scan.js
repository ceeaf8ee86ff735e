/* Camera and image QR scanning for the public verification pages (jsQR, no network). */
(function () {
  "use strict";
  var video = document.getElementById("scan-video");
  var canvas = document.getElementById("scan-canvas");
  var status = document.getElementById("scan-status");
  var startButton = document.getElementById("scan-start");
  var fileInput = document.getElementById("scan-file");
  var stream = null;
  if (!canvas || typeof jsQR !== "function") return;
  var ctx = canvas.getContext("2d", { willReadFrequently: true });

  function say(text) { if (status) status.textContent = text; }
  // Messages come translated from the page (data-msg-* on #scan-status); Chinese is the fallback.
  function msg(key, fallback, host) {
    var text = (status && status.dataset[key]) || fallback;
    return host === undefined ? text : text.replace("{host}", host);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    if (video) video.style.display = "none";
  }

  function handle(text) {
    stop();
    text = (text || "").trim();
    if (/^ZW1:/i.test(text)) {
      var qrField = document.getElementById("qr-text");
      var qrForm = document.getElementById("qr-form");
      if (qrField && qrForm) { qrField.value = text; say(msg("msgQrFound", "已识别证书二维码，正在验证…")); qrForm.submit(); }
      return;
    }
    var url = null;
    try { url = new URL(text); } catch (e) { url = null; }
    if (url) {
      var match = url.pathname.match(/^\/verify\/p\/([^/?#]+)/);
      if (url.origin === window.location.origin && match) { window.location.href = url.href; return; }
      if (match) {
        say(msg("msgOtherSite", "警告：此二维码指向其他网站（{host}），不是本平台。已改为在本平台查询该编码。", url.host));
        window.location.href = "/verify/?code=" + encodeURIComponent(decodeURIComponent(match[1]));
        return;
      }
      say(msg("msgUrl", "警告：此二维码是一个网址（{host}），不是产品身份标识码。请勿在陌生网站输入个人信息。", url.host));
      return;
    }
    var codeField = document.getElementById("code");
    var codeForm = document.getElementById("code-form");
    if (codeField && codeForm) { codeField.value = text; say(msg("msgFound", "已识别：") + text); codeForm.submit(); }
  }

  function scanFrame() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (found && found.data) { handle(found.data); return; }
    }
    window.requestAnimationFrame(scanFrame);
  }

  if (startButton) startButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(msg("msgNoCameraApi", "此浏览器不支持摄像头扫码，请上传二维码图片或手动输入。")); return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s; video.srcObject = s; video.style.display = "block"; video.play();
      say(msg("msgAim", "请将二维码对准取景框…")); window.requestAnimationFrame(scanFrame);
    }).catch(function () { say(msg("msgNoCamera", "无法打开摄像头（未授权或无摄像头），请上传二维码图片或手动输入。")); });
  });

  if (fileInput) fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) return;
    var img = new Image();
    img.onload = function () {
      var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
      canvas.width = Math.round(img.width * scale); canvas.height = Math.round(img.height * scale);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = jsQR(image.data, image.width, image.height);
      URL.revokeObjectURL(img.src);
      if (found && found.data) handle(found.data); else say(msg("msgNoCode", "图片中未识别到二维码，请换一张更清晰的照片。"));
    };
    img.onerror = function () { say(msg("msgBadImage", "无法读取该图片。")); };
    img.src = URL.createObjectURL(file);
  });

  var geo = document.getElementById("geo");
  if (geo) geo.addEventListener("change", function () {
    if (!geo.checked || !navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("lat").value = p.coords.latitude.toFixed(2);
      document.getElementById("lng").value = p.coords.longitude.toFixed(2);
    }, function () { geo.checked = false; });
  });
})();
