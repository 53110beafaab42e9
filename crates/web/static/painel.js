// The live painel: each [data-painel] box listens to its sessão's SSE stream and rebuilds
// itself from every snapshot the server sends (the server computes everything: counts,
// result, quórum, labels). Without JavaScript the page shows the state when it was served.
(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function forte(prefixo, valor) {
    var p = el("span", null, prefixo);
    p.appendChild(el("strong", null, valor));
    return p;
  }
  function votacao(box, q) {
    var b = box.querySelector('[data-bloco="votacao"]');
    if (!b) return;
    b.replaceChildren();
    var v = q.votacao;
    if (!v) { b.appendChild(el("p", null, "Nenhuma votação.")); return; }
    b.appendChild(el("p", "item", v.item));
    b.appendChild(el("p", null, "Votação " + v.tipo_label + ": " + v.status_label + " · " + v.votantes + " votaram"));
    var placar = el("ul", "placar");
    [["SIM ", v.sim], ["NÃO ", v.nao], ["ABSTENÇÃO ", v.abstencao]].forEach(function (x) {
      var li = el("li"); li.appendChild(forte(x[0], String(x[1]))); placar.appendChild(li);
    });
    b.appendChild(placar);
    if (v.resultado_label) {
      var r = el("p", "resultado"); r.appendChild(forte("Resultado: ", v.resultado_label)); b.appendChild(r);
    }
    if (q.votos.length) {
      var ul = el("ul", "votos");
      q.votos.forEach(function (x) { var li = el("li"); li.appendChild(forte(x.nome + ": ", x.rotulo)); ul.appendChild(li); });
      b.appendChild(ul);
    }
  }
  function presenca(box, q) {
    var b = box.querySelector('[data-bloco="presenca"]');
    if (!b) return;
    b.replaceChildren();
    var p = el("p", null, q.presentes + " presentes de " + q.membros + " · ");
    p.appendChild(forte("Quórum de instalação: ", q.quorum_instalacao ? "atingido" : "não atingido"));
    p.appendChild(document.createTextNode(" · "));
    p.appendChild(forte("Quórum de deliberação: ", q.quorum_deliberacao ? "atingido" : "não atingido"));
    b.appendChild(p);
    var ul = el("ul", "presenca");
    q.presenca.forEach(function (x) { ul.appendChild(el("li", x.presente ? "presente" : "ausente", x.nome + ": " + x.situacao)); });
    b.appendChild(ul);
  }
  function oradores(box, q) {
    var b = box.querySelector('[data-bloco="oradores"]');
    if (!b) return;
    b.replaceChildren();
    var o = q.tribuna;
    if (o) {
      var p = el("p", "tribuna", "Na tribuna: ");
      p.appendChild(el("strong", null, o.nome));
      p.appendChild(document.createTextNode(" · "));
      var t = el("span", "tempo", o.restante);
      t.setAttribute("data-restante-ms", String(o.restante_ms));
      t.setAttribute("data-orador", o.id);
      if (o.correndo) t.setAttribute("data-correndo", "");
      p.appendChild(t);
      p.appendChild(document.createTextNode(" · " + o.status_label));
      b.appendChild(p);
    }
    if (q.oradores.length) {
      var ol = el("ol", "oradores");
      q.oradores.forEach(function (x) { ol.appendChild(el("li", null, x.nome + ": " + x.status_label)); });
      b.appendChild(ol);
    }
  }
  // The time left is the server's (restante_ms when the snapshot was taken); between two
  // snapshots only the seconds since it arrived are taken off, so no screen drifts.
  function mmss(ms) {
    var neg = ms < 0, s = neg ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
    var m = Math.floor(s / 60), r = s % 60;
    return (neg ? "-" : "") + (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }
  function marcar() {
    var agora = Date.now();
    document.querySelectorAll(".tempo[data-restante-ms]").forEach(function (t) {
      if (!t.hasAttribute("data-desde")) t.setAttribute("data-desde", String(agora));
    });
  }
  // The last 30 seconds and the end of the time: marked, told to screen readers once, and
  // rung (a short tone; the bell is the presidente's).
  var AVISO_MS = 30000;
  function avisar(t, texto) {
    var box = t.closest("[data-painel]");
    var aviso = box && box.querySelector("[data-aviso-tempo]");
    if (aviso) aviso.textContent = texto;
  }
  function contar() {
    var agora = Date.now();
    document.querySelectorAll(".tempo[data-restante-ms]").forEach(function (t) {
      var base = Number(t.getAttribute("data-restante-ms"));
      var desde = Number(t.getAttribute("data-desde") || agora);
      var resta = t.hasAttribute("data-correndo") ? base - (agora - desde) : base;
      if (t.hasAttribute("data-correndo")) t.textContent = mmss(resta);
      t.classList.toggle("tempo-aviso", resta > 0 && resta <= AVISO_MS);
      t.classList.toggle("tempo-esgotado", resta <= 0);
      // Once per speaker and stage: the box remembers it across the snapshots that redraw
      // the timer.
      var fase = resta <= 0 ? "esgotado" : resta <= AVISO_MS ? "aviso" : "";
      var box = t.closest("[data-painel]");
      var chave = (t.getAttribute("data-orador") || "") + ":" + fase;
      if (box && fase && t.hasAttribute("data-correndo") && box.getAttribute("data-avisado") !== chave) {
        box.setAttribute("data-avisado", chave);
        avisar(t, fase === "aviso" ? "Faltam 30 segundos para o orador." : "O tempo do orador acabou.");
        tocar(fase === "aviso" ? 1 : 2);
      }
    });
  }
  // The sound: Web Audio, which a browser lets play only after a click on the page (the
  // "Ativar o som" button, shown until then).
  var audio = null;
  function contexto() {
    var C = window.AudioContext || window.webkitAudioContext;
    if (!C) return null;
    if (!audio) audio = new C();
    return audio;
  }
  function tocar(vezes) {
    var ctx = contexto();
    if (!ctx || ctx.state !== "running") return;
    for (var i = 0; i < vezes; i++) {
      var o = ctx.createOscillator(), g = ctx.createGain(), t0 = ctx.currentTime + i * 0.6;
      o.type = "sine";
      o.frequency.setValueAtTime(880, t0);
      g.gain.setValueAtTime(0.4, t0);
      g.gain.exponentialRampToValueAtTime(0.001, t0 + 0.5);
      o.connect(g); g.connect(ctx.destination);
      o.start(t0); o.stop(t0 + 0.5);
    }
  }
  function campainha(box, q) {
    var antes = Number(box.getAttribute("data-campainha") || 0);
    box.setAttribute("data-campainha", String(q.campainha));
    if (!(q.campainha > antes && q.campainha_recente)) return;
    var aviso = box.querySelector("[data-campainha-aviso]");
    if (aviso) {
      aviso.hidden = false;
      window.setTimeout(function () { aviso.hidden = true; }, 4000);
    }
    tocar(3);
  }
  function som(box) {
    var b = box.querySelector("[data-som]");
    var ctx = contexto();
    if (!b || !ctx || ctx.state === "running") return;
    b.hidden = false;
    b.addEventListener("click", function () {
      ctx.resume().then(function () { b.hidden = true; });
    });
  }
  function campo(box, nome, valor) {
    var c = box.querySelector('[data-campo="' + nome + '"]');
    if (c) c.textContent = valor || "";
  }
  function editando() {
    var a = document.activeElement;
    return a && /^(INPUT|SELECT|TEXTAREA)$/.test(a.tagName);
  }
  function ligar(box) {
    var conexao = box.querySelector("[data-conexao]");
    var fonte = new EventSource(box.getAttribute("data-painel"));
    fonte.addEventListener("open", function () { if (conexao) conexao.hidden = true; });
    fonte.addEventListener("error", function () {
      if (conexao && fonte.readyState !== EventSource.CLOSED) conexao.hidden = false;
    });
    fonte.addEventListener("estado", function (ev) {
      var q = JSON.parse(ev.data);
      if (conexao) conexao.hidden = true;
      // Pages with forms (the operator's, the councilor's) reload when the votação or the
      // sessão's status changes, so their buttons match; never while someone types.
      var votacaoAgora = q.votacao ? q.votacao.id + ":" + q.votacao.status : "";
      var tribunaAgora = q.tribuna ? q.tribuna.id + ":" + q.tribuna.status : "";
      var tribunaAntes = box.getAttribute("data-tribuna");
      if (box.hasAttribute("data-recarregar") && !editando() &&
          (votacaoAgora !== box.getAttribute("data-votacao") || q.status !== box.getAttribute("data-status") ||
           (tribunaAntes !== null && tribunaAgora !== tribunaAntes))) {
        window.location.reload();
        return;
      }
      campo(box, "status_label", q.status_label);
      campo(box, "fase", q.fase ? "Fase: " + q.fase : "");
      votacao(box, q);
      oradores(box, q);
      presenca(box, q);
      campainha(box, q);
      marcar();
      box.setAttribute("data-versao", String(q.versao));
      box.setAttribute("data-atualizado", "1");
      if (!q.ao_vivo) fonte.close();
    });
  }
  marcar();
  window.setInterval(contar, 250);
  if (!window.EventSource) return;
  document.querySelectorAll("[data-painel]").forEach(function (box) { som(box); ligar(box); });
})();
