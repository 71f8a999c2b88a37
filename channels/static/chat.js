"use strict";
// The web chat page, standalone at /chat or inside the widget's iframe (?embed=1).
// Every piece of customer or bot text goes through textContent, never parsed as HTML.
(function () {
  const body = document.body;
  const strings = JSON.parse(body.dataset.strings);
  const embed = body.classList.contains("embed");
  // the embedding page's origin, vouched for by the server (allowed_origins); "" = none
  const host = body.dataset.host || "";
  const log = document.getElementById("log");
  const choices = document.getElementById("choices");
  const typing = document.getElementById("typing");
  const status = document.getElementById("status");
  const ticketBadge = document.getElementById("ticket");
  const input = document.getElementById("text");
  const fileInput = document.getElementById("file");
  const closeButton = document.getElementById("close");
  const TOKEN_KEY = "supportbot.session";
  let lang = body.dataset.lang;
  let visible = !embed;
  let ws = null;
  let retry = 0;
  const pending = [];

  function t(key, params) {
    let text = (strings[lang] || strings.en)[key] || key;
    for (const name in params || {}) text = text.split("{" + name + "}").join(String(params[name]));
    return text;
  }
  function post(message) {
    if (embed && host && window.parent !== window) {
      message.supportbot = 1;
      window.parent.postMessage(message, host);
    }
  }
  function setLang(next) {
    if (!strings[next] || next === lang) return;
    lang = next;
    document.documentElement.lang = lang;
    body.dataset.lang = lang;
    document.title = t("title");
    document.getElementById("header").textContent = t("header");
    document.getElementById("text-label").textContent = t("message");
    document.getElementById("attach-label").textContent = t("attach");
    document.getElementById("attach").title = t("attach");
    document.getElementById("send").textContent = t("send");
    log.setAttribute("aria-label", t("log"));
    closeButton.setAttribute("aria-label", t("close"));
    input.placeholder = t("placeholder");
    if (ticketBadge.dataset.number) ticketBadge.textContent = t("ticket", {n: ticketBadge.dataset.number});
    post({type: "lang", lang: lang});
  }
  function add(who, text) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    if (who === "customer" && !text) { div.classList.add("file"); text = t("file_sent_plain"); }
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }
  function showChoices(list) {
    choices.replaceChildren();
    for (const c of list) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = c.label;
      b.addEventListener("click", () => { send(c.label); input.focus(); });
      choices.appendChild(b);
    }
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }
  function send(text) {
    const frame = JSON.stringify({type: "message", text: text, id: uuid()});
    add("customer", text);
    choices.replaceChildren();
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame); else pending.push(frame);
  }
  function incoming(who, text) {
    typing.textContent = "";
    add(who, text);
    if (!visible) post({type: "unread"});
  }
  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const token = localStorage.getItem(TOKEN_KEY) || "";
    // The token goes in the first frame, never in the URL (URLs are logged).
    ws = new WebSocket(proto + "//" + location.host + "/chat/ws");
    ws.onopen = () => {
      retry = 0;
      ws.send(JSON.stringify({type: "hello", token: token, lang: lang}));
      while (pending.length) ws.send(pending.shift());
    };
    ws.onmessage = (event) => {
      const f = JSON.parse(event.data);
      if (f.type === "session") localStorage.setItem(TOKEN_KEY, f.token);
      else if (f.type === "history") { log.replaceChildren(); for (const m of f.messages) add(m.from, m.text); }
      else if (f.type === "typing") typing.textContent = t("typing");
      else if (f.type === "message" && f.from === "customer") add("customer", f.text);
      else if (f.type === "message") incoming(f.from, f.text);
      else if (f.type === "choices") showChoices(f.choices);
      else if (f.type === "lang") setLang(f.lang);
      else if (f.type === "ticket") {
        ticketBadge.hidden = false;
        ticketBadge.dataset.number = f.number;
        ticketBadge.textContent = t("ticket", {n: f.number});
      }
      else if (f.type === "error") { typing.textContent = ""; add("error", f.text); }
    };
    ws.onclose = () => { setTimeout(connect, Math.min(10000, 500 * 2 ** retry++)); };
  }
  function megabytes(bytes) {
    return bytes >= 1048576 ? Math.round(bytes / 104857.6) / 10 + " MB" : Math.ceil(bytes / 1024) + " KB";
  }
  async function upload(file) {
    const token = localStorage.getItem(TOKEN_KEY) || "";
    if (!token) { add("error", t("upload_session")); return; }
    const bubble = add("customer", t("uploading", {name: file.name}));
    bubble.classList.add("file");
    status.textContent = t("uploading", {name: file.name});
    let response = null;
    try {
      response = await fetch("/chat/upload", {
        method: "POST",
        // the session token authorizes the upload; it is a header, never in the URL
        headers: {
          "Authorization": "Bearer " + token,
          "Content-Type": file.type || "application/octet-stream",
          "X-File-Name": encodeURIComponent(file.name),
          "X-Upload-Id": uuid(),
        },
        body: file,
      });
    } catch (err) {
      response = null;
    }
    let answer = {};
    if (response) { try { answer = await response.json(); } catch (err) { answer = {}; } }
    if (response && response.ok) {
      bubble.textContent = t("file_sent", {name: answer.attachment.name});
      status.textContent = bubble.textContent;
      return;
    }
    bubble.remove();
    const reason = answer.error === "too_large" ? t("upload_too_large", {limit: megabytes(answer.limit)})
      : answer.error === "type" ? t("upload_type")
      : answer.error === "session" ? t("upload_session")
      : answer.error === "rate" ? t("upload_rate") : t("upload_failed");
    add("error", reason);
    status.textContent = reason;
  }

  document.getElementById("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    send(text);
  });
  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (file) upload(file);
  });
  if (embed) {
    closeButton.hidden = false;
    closeButton.addEventListener("click", () => post({type: "close"}));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") post({type: "close"});
    });
    // only the page that embeds us, and only from the window that is our parent
    window.addEventListener("message", (event) => {
      if (!host || event.origin !== host || event.source !== window.parent) return;
      const m = event.data;
      if (!m || m.supportbot !== 1) return;
      if (m.type === "visible") {
        visible = Boolean(m.open);
        if (visible && m.focus) input.focus();
      }
    });
    post({type: "ready", lang: lang});
  }
  connect();
})();
