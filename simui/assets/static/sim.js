// The simulator's chat page: posts what the person does to /sim/send/…
// and shows the conversation from the event stream /sim/events.
(function () {
  "use strict";
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const token = document.querySelector('meta[name="sim-token"]').content;
  const L = boot.labels;
  const $ = (id) => document.getElementById(id);
  const chat = $("chat"), who = $("who"), conn = $("conn"), file = $("file");
  let current = null, source = null, pickFor = null;

  document.querySelectorAll("[data-l]").forEach((el) => { el.textContent = L[el.dataset.l] || ""; });
  $("text").placeholder = L.placeholder;

  // People: riders and the staff member.
  for (const p of boot.people) {
    const o = document.createElement("option");
    o.value = p.openid;
    o.textContent = p.name;
    who.appendChild(o);
  }
  const saved = localStorage.getItem("sim.openid");
  who.value = boot.people.some((p) => p.openid === saved) ? saved : boot.people[0].openid;
  who.addEventListener("change", () => open(who.value));

  function person() { return boot.people.find((p) => p.openid === current) || {}; }

  // The conversation, from the event stream.
  function open(openid) {
    current = openid;
    localStorage.setItem("sim.openid", openid);
    if (source) source.close();
    chat.replaceChildren(emptyNote());
    $("btn-demo").hidden = !boot.showDemo || person().staff;
    conn.classList.remove("on");
    source = new EventSource("/sim/events?openid=" + encodeURIComponent(openid));
    source.onopen = () => conn.classList.add("on");
    source.onerror = () => conn.classList.remove("on");
    source.onmessage = (ev) => show(JSON.parse(ev.data));
  }

  function emptyNote() {
    const d = document.createElement("div");
    d.className = "empty";
    d.id = "empty";
    d.textContent = L.empty;
    return d;
  }

  function show(e) {
    const empty = $("empty");
    if (empty) empty.remove();
    let el;
    if (e.from === "system") {
      el = document.createElement("div");
      el.className = "sys" + (e.text.indexOf("【") === 0 ? "" : " err");
      const s = document.createElement("span");
      s.textContent = e.text;
      el.appendChild(s);
    } else {
      el = document.createElement("div");
      el.className = "msg " + e.from;
      const av = document.createElement("div");
      av.className = "av";
      av.textContent = e.from === "bot" ? "网" : (person().staff ? "工" : "骑");
      const b = document.createElement("div");
      b.className = "bubble";
      if (e.kind === "image" && e.image) {
        b.classList.add("img");
        const img = document.createElement("img");
        img.src = e.image;
        img.alt = L.photo;
        img.onload = scroll;
        b.appendChild(img);
      } else {
        b.textContent = e.text;
      }
      el.append(av, b);
    }
    el.dataset.id = e.id;
    chat.appendChild(el);
    scroll();
  }

  function scroll() { chat.scrollTop = chat.scrollHeight; }

  // Sending.
  async function post(path, body) {
    if (!(body instanceof FormData)) {
      const f = new FormData();
      for (const [k, v] of Object.entries(body)) f.append(k, v);
      body = f;
    }
    body.append("openid", current);
    try {
      const resp = await fetch("/sim/" + path, { method: "POST", body: body, headers: { "X-Sim-Token": token } });
      if (!resp.ok && resp.status !== 502) alert(L.badRequest);
      return resp.ok;
    } catch (err) {
      alert(L.badRequest);
      return false;
    }
  }

  $("textform").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const t = $("text").value.trim();
    if (!t) return;
    $("text").value = "";
    await post("send/text", { text: t });
  });

  $("btn-plus").addEventListener("click", () => {
    $("plus").hidden = !$("plus").hidden;
    $("locpanel").hidden = true;
  });
  $("btn-photo").addEventListener("click", () => { pickFor = null; file.click(); });
  $("btn-sub").addEventListener("click", () => { $("plus").hidden = true; post("send/subscribe", {}); });
  $("btn-demo").addEventListener("click", () => { $("plus").hidden = true; post("demo/points", {}); });
  $("btn-loc").addEventListener("click", () => { $("plus").hidden = true; $("locpanel").hidden = false; });
  $("loc-cancel").addEventListener("click", () => { $("locpanel").hidden = true; });
  for (const pl of boot.places) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = "📍 " + pl.label;
    b.addEventListener("click", () => {
      $("locpanel").hidden = true;
      post("send/location", { lat: pl.lat, lng: pl.lng, label: pl.label });
    });
    $("places").appendChild(b);
  }
  $("locform").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    $("locpanel").hidden = true;
    post("send/location", f);
  });

  file.addEventListener("change", async () => {
    const files = Array.from(file.files).slice(0, 9);
    file.value = "";
    if (!files.length) return;
    $("plus").hidden = true;
    const f = new FormData();
    for (const x of files) f.append("photo", x, x.name);
    if (pickFor) {
      f.append("key", pickFor.key);
      f.append("name", pickFor.name);
      await post("send/menu-photo", f);
    } else {
      await post("send/photo", f);
    }
  });

  // The Official Account menu.
  function leaf(btn) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = btn.name;
    b.dataset.key = btn.key || "";
    b.addEventListener("click", (ev) => {
      ev.stopPropagation();
      closeSubs();
      if (btn.type === "click") {
        post("send/click", { key: btn.key, name: btn.name });
      } else if (btn.type && btn.type.indexOf("pic_") === 0) {
        pickFor = { key: btn.key, name: btn.name };
        file.click();
      } else if (btn.type === "view" && btn.url) {
        window.open(btn.url, "_blank", "noopener");
      }
    });
    return b;
  }
  function closeSubs() { document.querySelectorAll(".menu .sub").forEach((s) => { s.hidden = true; }); }
  for (const top of boot.menu || []) {
    const wrap = document.createElement("div");
    wrap.className = "top";
    if (top.sub_button && top.sub_button.length) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "☰ " + top.name;
      const sub = document.createElement("div");
      sub.className = "sub";
      sub.hidden = true;
      for (const s of top.sub_button) sub.appendChild(leaf(s));
      b.addEventListener("click", (ev) => {
        ev.stopPropagation();
        const was = sub.hidden;
        closeSubs();
        sub.hidden = !was;
      });
      wrap.append(sub, b);
    } else {
      wrap.appendChild(leaf(top));
    }
    $("menu").appendChild(wrap);
  }
  document.addEventListener("click", closeSubs);

  open(who.value);
})();
