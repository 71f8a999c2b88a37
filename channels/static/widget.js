/* supportbot web chat widget. On a provider's site:
     <script src="https://support.example.com/widget.js" data-lang="es" async></script>
   It adds a launcher button and opens the chat (our /chat page) in an iframe from our
   origin. It builds elements with DOM calls and styles them through element.style, so a
   host policy without 'unsafe-inline' does not block it; it loads nothing else. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.supportbotWidget) return;
  window.supportbotWidget = true;
  var STRINGS = ${strings};
  var ORIGIN = new URL(script.src, location.href).origin;
  var STATE_KEY = "supportbot.widget";  // the host's storage: "open" / "closed", no secret
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  if (!STRINGS[lang]) lang = "en";
  var unread = 0;
  var open = false;
  var frame = null;
  var ready = false;

  function t(key, n) { return STRINGS[lang][key].split("{n}").join(String(n)); }
  function remember(value) { try { localStorage.setItem(STATE_KEY, value); } catch (e) { /* storage off */ } }
  function remembered() { try { return localStorage.getItem(STATE_KEY); } catch (e) { return null; } }
  function style(el, css) { for (var k in css) el.style[k] = css[k]; }

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.id = "supportbot-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "supportbot-panel");
  style(launcher, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
    width: "56px", height: "56px", borderRadius: "50%", border: "2px solid #ffffff",
    background: "#1f3a5f", color: "#ffffff", cursor: "pointer", padding: "0",
    boxShadow: "0 2px 10px rgba(0,0,0,.3)", fontSize: "24px", lineHeight: "1"
  });
  // drawn, not an emoji: a machine without an emoji font shows a box instead
  var SVG = "http://www.w3.org/2000/svg";
  var icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("width", "28");
  icon.setAttribute("height", "28");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  var bubble = document.createElementNS(SVG, "path");
  bubble.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
  bubble.setAttribute("fill", "#ffffff");
  icon.appendChild(bubble);
  icon.style.display = "block";
  icon.style.margin = "auto";
  var badge = document.createElement("span");
  badge.id = "supportbot-unread";
  badge.setAttribute("aria-hidden", "true");
  badge.hidden = true;
  style(badge, {
    position: "absolute", top: "-4px", right: "-4px", minWidth: "20px", height: "20px",
    borderRadius: "10px", background: "#b00020", color: "#ffffff", fontSize: "12px",
    lineHeight: "20px", fontWeight: "bold", padding: "0 5px", boxSizing: "border-box",
    fontFamily: "system-ui, sans-serif"
  });
  launcher.appendChild(icon);
  launcher.appendChild(badge);

  var panel = document.createElement("div");
  panel.id = "supportbot-panel";
  panel.setAttribute("role", "region");
  panel.hidden = true;

  function label() {
    var text = t(open ? "launcher_close" : "launcher");
    if (unread && !open) text += " (" + t("unread", unread) + ")";
    launcher.setAttribute("aria-label", text);
    launcher.title = text;
    panel.setAttribute("aria-label", t("title"));
    if (frame) frame.title = t("title");
    badge.textContent = String(unread);
    badge.hidden = !unread || open;
  }
  function layout() {
    // sizes in viewport units: a phone (360 px) gets nearly the whole screen, with no
    // resize handler to miss
    style(panel, {position: "fixed", right: "8px", bottom: "84px",
      width: "min(380px, calc(100vw - 16px))", height: "min(600px, calc(100vh - 96px))",
      zIndex: "2147483000", boxShadow: "0 4px 24px rgba(0,0,0,.25)", borderRadius: "12px",
      overflow: "hidden", background: "#ffffff"});
  }
  function tell(message) {
    if (frame && ready) {
      message.supportbot = 1;
      frame.contentWindow.postMessage(message, ORIGIN);  // only to our own origin
    }
  }
  function ensureFrame() {
    if (frame) return;
    frame = document.createElement("iframe");
    var q = "embed=1&lang=" + encodeURIComponent(lang) + "&host=" + encodeURIComponent(location.origin);
    frame.src = ORIGIN + "/chat?" + q;
    frame.title = t("title");
    style(frame, {border: "0", width: "100%", height: "100%", display: "block", background: "#ffffff"});
    panel.appendChild(frame);
  }
  // focus: move the keyboard to the chat (opening) or back to the launcher (closing);
  // not when a page restores the state it had on the previous page
  function setOpen(next, focus) {
    open = next;
    if (open) { ensureFrame(); unread = 0; }
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    remember(open ? "open" : "closed");
    label();
    tell({type: "visible", open: open, focus: focus});
    if (open && focus && frame) frame.focus();
    if (!open && focus) launcher.focus();
  }

  window.addEventListener("message", function (event) {
    // only our iframe, from our origin
    if (!frame || event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
    var m = event.data;
    if (!m || m.supportbot !== 1) return;
    if (m.type === "ready") { ready = true; tell({type: "visible", open: open, focus: open && document.activeElement === frame}); }
    else if (m.type === "unread" && !open) { unread += 1; label(); }
    else if (m.type === "close") setOpen(false, true);
    else if (m.type === "lang" && STRINGS[m.lang]) { lang = m.lang; label(); }
  });
  launcher.addEventListener("click", function () { setOpen(!open, true); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open && panel.contains(document.activeElement)) setOpen(false, true);
  });

  function mount() {
    layout();
    label();
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    // a visitor who has talked to us keeps the conversation across the site's pages:
    // the chat loads (hidden when it was closed) so replies still raise the badge
    var state = remembered();
    if (state === "open") setOpen(true, false);
    else if (state === "closed") ensureFrame();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
