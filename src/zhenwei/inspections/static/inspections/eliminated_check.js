/* Inspection form (inspections/inspection_form.html), kept out of the page for the CSP. */
// Warn while typing when the product is on the eliminated/banned list (国家明令淘汰). The same match
// runs again when the record is saved and is kept on it; this is only an early warning.
(function () {
  const box = document.getElementById("eliminated-warning");
  const fields = ["id_product_name", "id_brand", "id_model"].map(id => document.getElementById(id)).filter(Boolean);
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!box || !fields.length || !token) return;
  async function check() {
    const text = fields.map(f => f.value).join(" ").trim();
    if (!text) { box.hidden = true; return; }
    let found;
    try {
      const r = await fetch(box.dataset.url, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": token.value, "Accept": "application/json"},
        body: JSON.stringify({text: text}),
      });
      if (!r.ok) return;
      found = await r.json();
    } catch (e) { return; }
    box.replaceChildren();
    if (!found.length) { box.hidden = true; return; }
    const head = document.createElement("p");
    head.className = "overdue";
    head.textContent = box.dataset.label;
    box.appendChild(head);
    const list = document.createElement("ul");
    for (const t of found) {
      const li = document.createElement("li");
      li.textContent = t.name + "：" + (t.notice_title ? "《" + t.notice_title + "》" : "") + (t.notice_number || "")
        + (t.issuing_body ? "，" + t.issuing_body : "") + (t.source_check !== "verified" ? "（" + t.source_check_label + "）" : "");
      list.appendChild(li);
    }
    box.appendChild(list);
    box.hidden = false;
  }
  fields.forEach(f => f.addEventListener("change", check));
  check();
})();
