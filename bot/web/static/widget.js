/* The privacy assistant's chat widget. Embed with one tag:
 *   <script src="https://HOST/widget.js" data-lang="de" async></script>
 * Plain JavaScript, no build step. Everything lives in an open shadow root, so the host page's
 * styles cannot reach in and ours cannot leak out. No cookies; the conversation id goes to
 * sessionStorage only once the visitor has sent a message. Server text is only ever set with
 * textContent: replies are plain text and must never become markup.
 */
(function () {
  "use strict";

  // currentScript is only set while this file first runs, so it is captured right away.
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script) return;
  const HOST = new URL(script.src, location.href).origin;
  const API = HOST + "/api/chat/messages";
  const KEY = "privacybot.conversation";

  const TEXT = {
    de: {
      open: "Fragen zum Datenschutz?",
      title: "Datenschutz-Assistent",
      close: "Chat schließen",
      note: "Was Sie hier schreiben, wird gespeichert, um Ihre Frage zu beantworten oder Ihre " +
        "Anfrage zu bearbeiten; Chatverläufe ohne Anfrage löschen wir nach 30 Tagen.",
      log: "Unterhaltung",
      quick: "Vorschläge",
      label: "Ihre Nachricht",
      send: "Senden",
      you: "Sie: ",
      bot: "Assistent: ",
      newTab: " (öffnet in neuem Tab)",
      case: "Ihre Anfrage ist eingegangen. Vorgangsnummer: ",
      failed: "Das hat leider nicht geklappt. Bitte versuchen Sie es gleich noch einmal.",
    },
    en: {
      open: "Privacy questions?",
      title: "Privacy assistant",
      close: "Close chat",
      note: "What you write here is stored to answer your question or handle your request; " +
        "we delete chats without a request after 30 days.",
      log: "Conversation",
      quick: "Suggestions",
      label: "Your message",
      send: "Send",
      you: "You: ",
      bot: "Assistant: ",
      newTab: " (opens in a new tab)",
      case: "Your request has been filed. Reference: ",
      failed: "Sorry, that did not work. Please try again in a moment.",
    },
  };

  const CSS = `
:host{all:initial!important}
*{box-sizing:border-box}
.launcher,.panel{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
  color:#1f2937;position:fixed;right:20px;bottom:20px;z-index:2147483000}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.launcher{border:0;border-radius:999px;padding:12px 20px;background:#1d4ed8;color:#fff;
  font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.launcher:hover{background:#1e40af}
.panel{display:flex;flex-direction:column;width:380px;height:min(600px,calc(100vh - 96px));
  bottom:76px;
  background:#fff;border:1px solid #d1d5db;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);
  overflow:hidden}
.panel[hidden]{display:none}
.head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;
  background:#1d4ed8;color:#fff}
h2{margin:0;font-size:17px}
.close{border:0;background:transparent;color:#fff;font-size:24px;line-height:1;padding:4px 10px;
  border-radius:6px}
.close:focus-visible{outline-color:#fff;outline-offset:-3px}
.note{margin:0;padding:8px 14px;font-size:13px;color:#4b5563;background:#f9fafb;
  border-bottom:1px solid #e5e7eb}
.log{flex:1;overflow-y:auto;padding:12px 14px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg p{margin:0}
.bot{align-self:flex-start;background:#f3f4f6;color:#111827}
.me{align-self:flex-end;background:#1d4ed8;color:#fff}
.error{align-self:stretch;background:#fef2f2;color:#991b1b;border:1px solid #fca5a5}
.links{margin:6px 0 0;padding-left:18px;white-space:normal}
a{color:#1d4ed8}
.case{align-self:stretch;padding:10px 12px;border-radius:8px;background:#ecfdf5;color:#065f46;
  border:1px solid #34d399}
.quick{display:flex;flex-wrap:wrap;gap:6px;padding:0 14px}
.quick:not(:empty){padding-bottom:8px}
.quick button{border:1px solid #1d4ed8;background:#fff;color:#1d4ed8;border-radius:999px;
  padding:5px 12px;font-size:14px}
.quick button:hover{background:#eff6ff}
form{padding:8px 14px 12px;border-top:1px solid #e5e7eb}
label{display:block;font-size:13px;font-weight:600;margin-bottom:4px}
.row{display:flex;gap:8px;align-items:flex-end}
textarea{flex:1;resize:none;min-height:44px;max-height:120px;padding:8px 10px;font-size:16px;
  border:1px solid #6b7280;border-radius:8px;background:#fff}
.send{border:0;border-radius:8px;padding:10px 16px;background:#1d4ed8;color:#fff;font-weight:600}
.send:hover{background:#1e40af}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){
  .launcher{right:12px;bottom:12px}
  .launcher[aria-expanded=true]{display:none}
  .panel{inset:0;width:auto;height:auto;border-radius:0;border:0}
}`;

  function pickLanguage(...candidates) {
    for (const candidate of candidates) {
      const code = (candidate || "").slice(0, 2).toLowerCase();
      if (TEXT[code]) return code;
    }
    return "en";
  }

  const lang = pickLanguage(script.getAttribute("data-lang"), document.documentElement.lang);
  const t = TEXT[lang];

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function adoptStyles(root) {
    // A constructed stylesheet is not an inline <style>, so a strict style-src CSP on the host
    // page (ours is default-src 'self') does not block it.
    if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(el("style", {}, CSS));
    }
  }

  function readStored() {
    try {
      return sessionStorage.getItem(KEY);
    } catch (_) {
      return null; // storage can be switched off; the chat still works for this page view
    }
  }

  function store(id) {
    try {
      sessionStorage.setItem(KEY, id);
    } catch (_) {
      /* see readStored */
    }
  }

  function mount() {
    if (document.querySelector("[data-privacybot-widget]")) return;
    const host = el("div", { "data-privacybot-widget": "" });
    const root = host.attachShadow({ mode: "open" });
    adoptStyles(root);

    const launcher = el("button", {
      type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel",
    }, t.open);
    const panel = el("div", {
      id: "panel", class: "panel", role: "dialog", "aria-labelledby": "title", hidden: "",
    });
    const head = el("div", { class: "head" });
    const close = el("button", { type: "button", class: "close" });
    close.append(el("span", { "aria-hidden": "true" }, "×"), el("span", { class: "sr" }, t.close));
    head.append(el("h2", { id: "title" }, t.title), close);
    const log = el("div", {
      class: "log", role: "log", "aria-live": "polite", "aria-label": t.log, tabindex: "0",
    });
    const quick = el("div", { class: "quick", role: "group", "aria-label": t.quick });
    const form = el("form", { class: "form" });
    const input = el("textarea", { id: "input", rows: "2", autocomplete: "off" });
    const row = el("div", { class: "row" });
    row.append(input, el("button", { type: "submit", class: "send" }, t.send));
    form.append(el("label", { for: "input" }, t.label), row);
    panel.append(head, el("p", { class: "note" }, t.note), log, quick, form);
    root.append(launcher, panel);
    document.body.append(host);

    let conversation = readStored();
    let started = false;
    let busy = false;
    const casesShown = new Set();

    function add(node) {
      log.append(node);
      log.scrollTop = log.scrollHeight;
      return node;
    }

    function say(who, text) {
      const item = el("div", { class: "msg " + who });
      item.append(el("span", { class: "sr" }, who === "me" ? t.you : t.bot), el("p", {}, text));
      return add(item);
    }

    function linkList(links) {
      const list = el("ul", { class: "links" });
      for (const link of links) {
        let url;
        try {
          url = new URL(link.url, HOST);
        } catch (_) {
          continue;
        }
        if (url.protocol !== "https:" && url.protocol !== "http:") continue;
        const anchor = el("a", { target: "_blank", rel: "noopener" }, link.title || link.section);
        anchor.href = url.href;
        anchor.append(el("span", { class: "sr" }, t.newTab));
        const item = el("li");
        item.append(anchor);
        list.append(item);
      }
      return list;
    }

    function showQuickReplies(options) {
      quick.replaceChildren();
      for (const option of options || []) {
        const button = el("button", { type: "button" }, option);
        button.addEventListener("click", () => {
          input.focus(); // the buttons vanish on send; keep keyboard focus somewhere useful
          send(option, true);
        });
        quick.append(button);
      }
    }

    function showCase(found) {
      if (!found || casesShown.has(found.reference)) return;
      casesShown.add(found.reference);
      const notice = el("div", { class: "case", "data-status": found.status || "" }, t.case);
      notice.append(el("strong", { class: "reference" }, found.reference));
      add(notice);
    }

    function render(data) {
      let options = [];
      for (const reply of data.replies || []) {
        const item = say("bot", reply.text || "");
        if (reply.links && reply.links.length) item.append(linkList(reply.links));
        options = reply.quick_replies || [];
      }
      showQuickReplies(options);
      showCase(data.case);
    }

    async function post(text) {
      const response = await fetch(API, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ conversation_id: conversation, text: text, language: lang }),
        credentials: "omit",
      });
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data: data };
    }

    async function send(text, byVisitor) {
      if (busy) return;
      busy = true;
      log.setAttribute("aria-busy", "true");
      if (byVisitor) {
        say("me", text);
        showQuickReplies([]);
      }
      try {
        let result = await post(text);
        if (!byVisitor && !result.ok && conversation && result.status < 500) {
          conversation = null; // a stored conversation the server no longer knows: start afresh
          result = await post(text);
        }
        if (!result.ok) {
          add(el("div", { class: "msg error", role: "alert" }, result.data.error || t.failed));
          return;
        }
        conversation = result.data.conversation_id;
        if (byVisitor) store(conversation);
        render(result.data);
      } catch (_) {
        add(el("div", { class: "msg error", role: "alert" }, t.failed));
      } finally {
        busy = false;
        log.removeAttribute("aria-busy");
      }
    }

    function open() {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      input.focus();
      if (!started) {
        started = true;
        send("", false);
      }
    }

    function shut() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    launcher.addEventListener("click", () => (panel.hidden ? open() : shut()));
    close.addEventListener("click", shut);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        shut();
      }
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text || busy) return;
      input.value = "";
      send(text, true);
    });
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
